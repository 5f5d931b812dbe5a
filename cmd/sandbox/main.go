// Command sandbox serves the WPTI and WPTI_AF APIs and the SFTP drop of CDR files from one
// deterministic world, for OLOs testing their CRM offline. Run with no flags to get a
// working sandbox and the lines to try it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/oapi-codegen/runtime"

	"github.com/wpti/toolkit/httpapi"
	"github.com/wpti/toolkit/sandbox"
)

func main() {
	// The sandbox's live heap is small (5 MB for the default world) and its garbage is
	// per-request: collected by GOGC, such a heap is collected a dozen times a second under
	// load, and those cycles make the latency's tail. Collect instead when the heap reaches a
	// soft ceiling that grows with the data held (memory.go), unless the user tuned the
	// runtime already.
	ceiling := os.Getenv("GOMEMLIMIT") == ""
	if ceiling {
		go memoryCeiling(context.Background(), 160<<20, 2, 100*time.Millisecond)
	}
	if os.Getenv("GOGC") == "" {
		if ceiling {
			debug.SetGCPercent(-1) // the ceiling alone triggers a collection
		} else {
			debug.SetGCPercent(400)
		}
	}
	runtime.SetJSONCodec(httpapi.JSONCodec{}) // request bodies decoded without per-request buffers
	m := NewMain(os.Stdout, os.Stderr)
	if err := m.ParseFlags(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(1)
	}
}

// Main is the program, so that tests can run exactly what `go run ./cmd/sandbox` runs.
type Main struct {
	Config sandbox.Config
	Quiet  bool
	out    io.Writer
	errw   io.Writer
	sb     *sandbox.Sandbox
}

// NewMain returns the program with the default configuration.
func NewMain(out, errw io.Writer) *Main {
	return &Main{Config: sandbox.Defaults(), out: out, errw: errw}
}

// ParseFlags reads the command line.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(m.errw)
	c := &m.Config
	var start string
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seme del mondo: stesso seme (e stesso --start) = stesse risposte")
	fs.StringVar(&c.HTTPAddr, "http", c.HTTPAddr, "indirizzo HTTP (API WPTI, WPTI_AF e di controllo)")
	fs.StringVar(&c.SFTPAddr, "sftp", c.SFTPAddr, "indirizzo SFTP (vuoto = SFTP spento)")
	fs.StringVar(&c.StateDir, "state-dir", c.StateDir, "cartella di stato: chiavi, password generate, alberi SFTP, audit log")
	fs.StringVar(&c.StateFile, "state", "", "file SQLite in cui lo stato sopravvive ai riavvii (vuoto = solo in memoria)")
	fs.StringVar(&c.FixturesDir, "fixtures", "", "cartella di fixtures al posto di quelle incorporate (operatori.yaml, valori-test.yaml)")
	fs.StringVar(&start, "start", "", "istante iniziale dell'orologio della sandbox, RFC 3339 (default: adesso)")
	fs.Float64Var(&c.Scale, "clock-scale", c.Scale, "velocita' dell'orologio: 1 tempo reale, 0 fermo, 60 un minuto al secondo")
	fs.BoolVar(&c.Strict, "strict", c.Strict, "valida ogni risposta contro il contratto prima di inviarla")
	fs.DurationVar(&c.Latency, "latency", 0, "latenza aggiunta a ogni richiesta API (es. 200ms)")
	fs.Float64Var(&c.Fault429, "fault-429", 0, "quota di richieste API rifiutate con 429 + Retry-After (0..1)")
	fs.Float64Var(&c.RateLimit, "rate-limit", 0, "richieste al secondo per OLO oltre le quali si risponde 429 (la rete ospitante: 50; 0 = nessun limite)")
	fs.IntVar(&c.CDRDays, "cdr-days", c.CDRDays, "giorni di file CDR generati prima del giorno di avvio")
	fs.BoolVar(&m.Quiet, "quiet", false, "non scrivere una riga per richiesta")
	fs.Usage = func() {
		fmt.Fprintf(m.errw, "Uso: sandbox [flag]\n\nServe le API WPTI e WPTI_AF e il canale SFTP dei CDR da un mondo deterministico.\nSenza flag: HTTP su 127.0.0.1:8080, SFTP su 127.0.0.1:2222.\n\nFlag:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("argomento inatteso %q (vedere --help)", fs.Arg(0))
	}
	if start != "" {
		t, err := time.Parse(time.RFC3339, start)
		if err != nil {
			return fmt.Errorf("--start %q non e' un istante RFC 3339 (es. 2026-12-03T09:00:00+01:00)", start)
		}
		c.Start = t
	}
	if c.Fault429 < 0 || c.Fault429 > 1 {
		return errors.New("--fault-429 deve essere tra 0 e 1")
	}
	if !(c.Scale >= 0 && c.Scale <= 1e6) { // also refuses NaN and Inf
		return errors.New("--clock-scale deve essere tra 0 e 1000000")
	}
	if c.Latency < 0 || c.Latency > 30*time.Second {
		return errors.New("--latency deve essere tra 0 e 30s")
	}
	if !(c.RateLimit >= 0 && c.RateLimit <= 1e6) {
		return errors.New("--rate-limit deve essere tra 0 e 1000000")
	}
	if c.CDRDays < 1 || c.CDRDays > 400 {
		return errors.New("--cdr-days deve essere tra 1 e 400")
	}
	return nil
}

// Run starts the sandbox, prints how to use it, and serves until ctx is cancelled.
func (m *Main) Run(ctx context.Context) error {
	started := time.Now()
	m.Config.Log = slog.New(slog.NewTextHandler(m.errw, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if !m.Quiet {
		m.Config.AccessLog = m.out
	}
	sb, err := sandbox.New(m.Config)
	if err != nil {
		return err
	}
	m.sb = sb
	if err := sb.Listen(); err != nil {
		sb.Close()
		return err
	}
	m.printBanner(time.Since(started))
	return sb.Serve(ctx)
}

// Close stops a running sandbox (Run also stops it when its context ends).
func (m *Main) Close() error {
	if m.sb == nil {
		return nil
	}
	return m.sb.Close()
}

func (m *Main) printBanner(took time.Duration) {
	sb, d := m.sb, m.sb.Demo
	base := sb.HTTPURL()
	var b strings.Builder
	fmt.Fprintf(&b, "WPTI sandbox pronta in %s (seme %d, orologio %s, scala %g)\n\n", took.Round(time.Millisecond), m.Config.Seed, sb.Clock.Now().Format(time.RFC3339), m.Config.Scale)
	fmt.Fprintf(&b, "  API Provisioning (WPTI)     %s/wpti/v1\n", base)
	fmt.Fprintf(&b, "  API Antifrode (WPTI_AF)     %s/wpti-af/v1\n", base)
	fmt.Fprintf(&b, "  API di controllo sandbox    %s/sandbox/v1\n", base)
	fmt.Fprintf(&b, "  Contratti OpenAPI           %s/wpti/v1/openapi.yaml  %s/wpti-af/v1/openapi.yaml\n", base, base)
	if a := sb.SFTPAddr(); a != "" {
		fmt.Fprintf(&b, "  SFTP (CDR e documenti)      %s\n", a)
	}
	fmt.Fprintf(&b, "  Cartella di stato           %s\n", m.Config.StateDir)
	if m.Config.StateFile != "" {
		fmt.Fprintf(&b, "  File di stato (--state)     %s\n", m.Config.StateFile)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "OLO demo %s\n  client_id: %s\n  client_secret: %s\n", d.OpID, d.ClientID, d.ClientSecret)
	if a := sb.SFTPAddr(); a != "" {
		fmt.Fprintf(&b, "  utente SFTP: %s\n  password SFTP: %s\n  chiave SFTP: %s\n", d.SFTPUser, d.SFTPPassword, d.SFTPKey)
	}
	fmt.Fprintf(&b, "\nProva (token JSON, token in una variabile, elenco ordini WLR):\n")
	form := fmt.Sprintf("-d grant_type=client_credentials -d client_id=%s -d client_secret=%s", d.ClientID, d.ClientSecret)
	fmt.Fprintf(&b, "  curl -s %s %s/wpti/v1/auth/token\n", form, base)
	fmt.Fprintf(&b, "  WPTI_TOKEN=$(curl -s %s %s/wpti/v1/auth/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n", form, base)
	fmt.Fprintf(&b, "  curl -s -H \"Authorization: Bearer $WPTI_TOKEN\" %s/wpti/v1/wlr/ordini\n", base)
	if a := sb.SFTPAddr(); a != "" {
		host, port := splitHostPort(a)
		opts := "-o IdentitiesOnly=yes -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no"
		fmt.Fprintf(&b, "\nSFTP (chiave E password: due fattori sulla stessa connessione):\n")
		fmt.Fprintf(&b, "  sshpass -p %s sftp -P %s -i %s %s %s@%s\n", d.SFTPPassword, port, d.SFTPKey, opts, d.SFTPUser, host)
		fmt.Fprintf(&b, "  (senza sshpass: sftp -P %s -i %s %s %s@%s e digitare la password)\n", port, d.SFTPKey, opts, d.SFTPUser, host)
		for _, dev := range sb.Deviations() {
			fmt.Fprintf(&b, "\nScostamento dalla politica SFTP: %s %s non offerto (%s)\n", dev.Item, dev.Name, dev.Reason)
		}
	}
	fmt.Fprintf(&b, "\nCtrl-C per fermare. Una riga per richiesta qui sotto.\n\n")
	io.WriteString(m.out, b.String())
}

func splitHostPort(a string) (string, string) {
	i := strings.LastIndexByte(a, ':')
	return strings.Trim(a[:i], "[]"), a[i+1:]
}
