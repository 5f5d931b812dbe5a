// Command docgen writes the two HTML manuals, ManualeAPI_WPTI.html and
// ManualeAPI_WPTI_AF.html, from the OpenAPI contracts embedded in the binary.
//
//	go run ./cmd/docgen -o DIR
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wpti/toolkit/manual"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		// one line: a contract error from kin-openapi can span several
		fmt.Fprintln(os.Stderr, "docgen: "+strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}

// run is main without the process: it parses args, writes the manuals and lists the files
// it wrote on stdout.
func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("docgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	dir := fs.String("o", ".", "cartella in cui scrivere i manuali (creata se manca)")
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(stdout, "uso: docgen [-o CARTELLA]")
		fmt.Fprintln(stdout, "Scrive ManualeAPI_WPTI.html e ManualeAPI_WPTI_AF.html dai contratti OpenAPI incorporati nel programma.")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return fmt.Errorf("%v (docgen --help per l'uso)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("argomento inatteso %q: la cartella si indica con -o (docgen --help per l'uso)", fs.Arg(0))
	}
	if *dir == "" {
		return errors.New("-o vuoto: indicare una cartella")
	}
	if err := manual.WriteAll(*dir); err != nil {
		return err
	}
	ms, err := manual.Manuals()
	if err != nil {
		return err
	}
	for _, m := range ms {
		fmt.Fprintln(stdout, filepath.Join(*dir, m.Options.FileName()))
	}
	return nil
}
