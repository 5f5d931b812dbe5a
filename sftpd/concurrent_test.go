package sftpd

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pkg/sftp"
)

// Many sessions downloading at once all get byte-identical files: the read buffers the
// request server reuses (WithRSAllocator) are never shared between two replies.
func TestConcurrentDownloadsIdentical(t *testing.T) {
	ts := newTestServer(t, nil)
	files := map[string][32]byte{}
	for i, size := range []int{1, 32 * 1024, 32*1024 + 7, 3 << 20} {
		b := make([]byte, size)
		_, _ = rand.Read(b)
		name := filepath.Join("CDR", "conc-"+string(rune('a'+i))+".bin")
		mustWrite(t, filepath.Join(ts.rootA, name), b)
		files["/"+filepath.ToSlash(name)] = sha256.Sum256(b)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := ts.dial("127.0.0.1", loginA())
			if err != nil {
				errs <- err.Error()
				return
			}
			defer c.Close()
			sc, err := sftp.NewClient(c)
			if err != nil {
				errs <- err.Error()
				return
			}
			defer sc.Close()
			for name, want := range files {
				f, err := sc.Open(name)
				if err != nil {
					errs <- err.Error()
					return
				}
				var buf bytes.Buffer
				_, err = io.Copy(&buf, f)
				f.Close()
				if err != nil {
					errs <- err.Error()
					return
				}
				if sha256.Sum256(buf.Bytes()) != want {
					errs <- "content differs: " + name
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
