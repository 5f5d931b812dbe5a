package sftpd

import (
	"crypto/rand"
	"io"
	"path/filepath"
	"testing"

	"github.com/pkg/sftp"
)

// BenchmarkDownload measures one OLO download over loopback: a 64 MiB file,
// aes256-gcm@openssh.com, the x/crypto client with pkg/sftp's concurrent
// reads (32 KiB packets). The MB/s column is the figure quoted in SFTP.md.
func BenchmarkDownload(b *testing.B) {
	const size = 64 << 20
	ts := newTestServer(b, nil)
	data := make([]byte, size)
	rand.Read(data)
	mustWrite(b, filepath.Join(ts.rootA, "cdr-64m.csv"), data)

	cc := loginA()
	cc.Ciphers = []string{"aes256-gcm@openssh.com"}
	c, err := ts.dial("127.0.0.1", cc)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	sc, err := sftp.NewClient(c, sftp.UseConcurrentReads(true))
	if err != nil {
		b.Fatal(err)
	}
	defer sc.Close()

	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		f, err := sc.Open("/cdr-64m.csv")
		if err != nil {
			b.Fatal(err)
		}
		n, err := f.WriteTo(io.Discard)
		f.Close()
		if err != nil || n != size {
			b.Fatalf("read %d bytes, %v", n, err)
		}
	}
}
