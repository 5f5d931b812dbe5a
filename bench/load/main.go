// Command load is the benchmarks' load generator: a fixed number of connections send one
// kind of request for a fixed time and it prints requests per second and latency
// percentiles as one JSON line. It exists so both peers are measured by the same client.
//
//	go run ./bench/load -url http://127.0.0.1:8080/wpti/v1/wlr/ordini -token T -c 64 -d 10s
//	go run ./bench/load -kind create-azienda -url .../voip/aziende -token T
//	go run ./bench/load -url ... -token T -c 64 -d 10s -rate 15000   # open loop
//
// It speaks HTTP/1.1 over kept-alive connections itself, with requests prepared as bytes and
// answers read by Content-Length (or chunks): net/http's client costs several times the
// CPU per request, and on a 2-core machine that CPU is taken from the server being measured.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wpti/toolkit/italia"
)

func main() {
	target := flag.String("url", "", "URL to hit (http only)")
	token := flag.String("token", "", "bearer token")
	conns := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	kind := flag.String("kind", "get", "get | create-azienda")
	label := flag.String("label", "", "label printed in the result")
	rate := flag.Float64("rate", 0, "target requests/s over all connections (0 = as fast as possible); latency is then measured from each request's scheduled time, so a stall is not hidden (no coordinated omission)")
	flag.Parse()
	u, err := url.Parse(*target)
	if *target == "" || err != nil || u.Scheme != "http" {
		fmt.Fprintln(os.Stderr, "load: -url http://host:port/path is required")
		os.Exit(2)
	}
	if *kind != "get" && *kind != "create-azienda" {
		fmt.Fprintln(os.Stderr, "load: -kind is get or create-azienda")
		os.Exit(2)
	}
	var seq, ok, bad atomic.Int64
	// Each run starts its partite IVA elsewhere, so repeated runs against one sandbox create
	// new companies instead of hitting 409 on the previous run's.
	seq.Store(time.Now().UnixNano() / 1000 % 9000000)
	lat := make([][]time.Duration, *conns)
	sent := make([][]time.Duration, *conns) // from the moment the request was written
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var interval time.Duration
			next := time.Now()
			if *rate > 0 {
				interval = time.Duration(float64(*conns) / *rate * float64(time.Second))
				next = next.Add(time.Duration(i) * interval / time.Duration(*conns))
			}
			var c *conn
			var req []byte
			for time.Now().Before(deadline) {
				scheduled := time.Now()
				if interval > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(d)
					}
					scheduled = next
					next = next.Add(interval)
				}
				var body []byte
				method := "GET"
				if *kind == "create-azienda" {
					method = "POST"
					body = aziendaBody(seq.Add(1))
				}
				req = request(req[:0], method, u, *token, body)
				if c == nil {
					if c, err = dial(u.Host); err != nil {
						bad.Add(1)
						time.Sleep(10 * time.Millisecond)
						continue
					}
				}
				t0 := time.Now()
				status, keep, err := c.do(req)
				if err != nil {
					c.close()
					c = nil
					bad.Add(1)
					continue
				}
				lat[i] = append(lat[i], time.Since(scheduled))
				sent[i] = append(sent[i], time.Since(t0))
				if !keep {
					c.close()
					c = nil
				}
				if status < 300 {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
			if c != nil {
				c.close()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	pct := percentiles(lat)
	pctSent := percentiles(sent)
	out := map[string]any{"label": *label, "rps": float64(ok.Load()) / el.Seconds(), "ok": ok.Load(), "errors": bad.Load(), "p50ms": pct(0.50), "p99ms": pct(0.99), "conns": *conns,
		// From the write of the request to the end of its answer: without the time a request
		// waited for its connection or for this process to be scheduled.
		"sentP50ms": pctSent(0.50), "sentP99ms": pctSent(0.99)}
	if *rate > 0 {
		out["rate"] = *rate
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

// percentiles merges the per-connection samples and returns the p-th percentile in ms.
func percentiles(per [][]time.Duration) func(p float64) float64 {
	var all []time.Duration
	for _, l := range per {
		all = append(all, l...)
	}
	slices.Sort(all)
	return func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(float64(len(all)-1)*p)].Microseconds()) / 1000
	}
}

func request(dst []byte, method string, u *url.URL, token string, body []byte) []byte {
	dst = fmt.Appendf(dst, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: wpti-bench-load\r\nAccept: application/json\r\n", method, u.RequestURI(), u.Host)
	if token != "" {
		dst = fmt.Appendf(dst, "Authorization: Bearer %s\r\n", token)
	}
	if body != nil {
		dst = fmt.Appendf(dst, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	dst = append(dst, "\r\n"...)
	return append(dst, body...)
}

type conn struct {
	nc net.Conn
	r  *bufio.Reader
}

func dial(host string) (*conn, error) {
	nc, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &conn{nc: nc, r: bufio.NewReaderSize(nc, 64<<10)}, nil
}

func (c *conn) close() { _ = c.nc.Close() }

var errProto = errors.New("load: malformed HTTP response")

// do sends one request and reads the whole answer; it returns the status and whether the
// connection can be used again.
func (c *conn) do(req []byte) (status int, keep bool, err error) {
	_ = c.nc.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.nc.Write(req); err != nil {
		return 0, false, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, false, errProto
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, errProto
	}
	length, chunked, closing := -1, false, false
	for {
		h, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, found := bytes.Cut(h, []byte(":"))
		if !found {
			return 0, false, errProto
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, false, errProto
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	switch {
	case status == 204 || status == 304:
	case chunked:
		for {
			l, err := c.r.ReadSlice('\n')
			if err != nil {
				return 0, false, err
			}
			n, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.SplitN(l, []byte(";"), 2)[0])), 16, 64)
			if err != nil {
				return 0, false, errProto
			}
			if _, err := c.r.Discard(int(n) + 2); err != nil {
				return 0, false, err
			}
			if n == 0 {
				break
			}
		}
	case length >= 0:
		if _, err := c.r.Discard(length); err != nil {
			return 0, false, err
		}
	default:
		return 0, false, errProto // no length: the connection would have to close
	}
	return status, !closing, nil
}

// aziendaBody is a valid company with a fresh partita IVA (check digit computed), so every
// create is a real create and not a 409.
func aziendaBody(n int64) []byte {
	base := fmt.Sprintf("%07d%03d", n%10000000, 58) // office code 058 (Roma)
	c, _ := italia.CifraControlloPartitaIva(base)
	piva := base + string(c)
	return fmt.Appendf(nil, `{"ragioneSociale":"Bench %d S.r.l.","partitaIva":"%s","pec":"bench%d@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}`, n, piva, n)
}
