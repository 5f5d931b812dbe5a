// Command load is the benchmarks' load generator: a fixed number of connections send one
// kind of request for a fixed time and it prints requests per second and latency
// percentiles as one JSON line. It exists so both peers are measured by the same client.
//
//	go run ./bench/load -url http://127.0.0.1:8080/wpti/v1/wlr/ordini -token T -c 64 -d 10s
//	go run ./bench/load -kind create-azienda -url .../voip/aziende -token T
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wpti/toolkit/italia"
)

func main() {
	url := flag.String("url", "", "URL to hit")
	token := flag.String("token", "", "bearer token")
	conns := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	kind := flag.String("kind", "get", "get | create-azienda")
	label := flag.String("label", "", "label printed in the result")
	rate := flag.Float64("rate", 0, "target requests/s over all connections (0 = as fast as possible); latency is then measured from each request's scheduled time, so a stall is not hidden (no coordinated omission)")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "load: -url is required")
		os.Exit(2)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var seq, ok, bad atomic.Int64
	// Each run starts its partite IVA elsewhere, so repeated runs against one sandbox create
	// new companies instead of hitting 409 on the previous run's.
	seq.Store(time.Now().UnixNano() / 1000 % 9000000)
	lat := make([][]time.Duration, *conns)
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
			for time.Now().Before(deadline) {
				scheduled := time.Now()
				if interval > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(d)
					}
					scheduled = next
					next = next.Add(interval)
				}
				var body io.Reader
				method := "GET"
				if *kind == "create-azienda" {
					method = "POST"
					body = bytes.NewReader(aziendaBody(seq.Add(1)))
				}
				req, _ := http.NewRequest(method, *url, body)
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := scheduled
				resp, err := client.Do(req)
				if err != nil {
					bad.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[i] = append(lat[i], time.Since(t0))
				if resp.StatusCode < 300 {
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(float64(len(all)-1)*p)].Microseconds()) / 1000
	}
	out := map[string]any{"label": *label, "rps": float64(ok.Load()) / el.Seconds(), "ok": ok.Load(), "errors": bad.Load(), "p50ms": pct(0.50), "p99ms": pct(0.99), "conns": *conns}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

// aziendaBody is a valid company with a fresh partita IVA (check digit computed), so every
// create is a real create and not a 409.
func aziendaBody(n int64) []byte {
	base := fmt.Sprintf("%07d%03d", n%10000000, 58) // office code 058 (Roma)
	c, _ := italia.CifraControlloPartitaIva(base)
	piva := base + string(c)
	return fmt.Appendf(nil, `{"ragioneSociale":"Bench %d S.r.l.","partitaIva":"%s","pec":"bench%d@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}`, n, piva, n)
}
