package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// The hand-rolled client reads every answer shape net/http's server sends, keeps the
// connection across requests and sends the body and token it was given.
func TestClientReadsEveryAnswerShape(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Authorization")+" "+string(b))
		switch r.URL.Path {
		case "/chunked":
			w.(http.Flusher).Flush() // forces chunked encoding
			_, _ = io.WriteString(w, strings.Repeat("x", 70000))
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/close":
			w.Header().Set("Connection", "close")
			_, _ = io.WriteString(w, "bye")
		default:
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"ok":true}`)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + "/x?a=1")
	c, err := dial(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for _, tc := range []struct {
		path   string
		body   []byte
		status int
		keep   bool
	}{
		{"/x?a=1", aziendaBody(7), 201, true},
		{"/chunked", nil, 200, true},
		{"/empty", nil, 204, true},
		{"/x", nil, 201, true},
		{"/close", nil, 200, false},
	} {
		pu, _ := url.Parse(srv.URL + tc.path)
		method := "GET"
		if tc.body != nil {
			method = "POST"
		}
		status, keep, err := c.do(request(nil, method, pu, "T", tc.body))
		if err != nil || status != tc.status || keep != tc.keep {
			t.Fatalf("%s: status %d keep %v err %v", tc.path, status, keep, err)
		}
	}
	if len(got) != 5 || !strings.HasPrefix(got[0], `POST /x?a=1 Bearer T {"ragioneSociale"`) {
		t.Fatalf("server saw %q", got)
	}
}
