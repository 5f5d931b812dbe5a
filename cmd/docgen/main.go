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

	"github.com/wpti/toolkit/manual"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments and writers.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("docgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("o", ".", "cartella in cui scrivere i manuali (creata se manca)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "uso: docgen [-o CARTELLA]")
		fmt.Fprintln(stderr, "Scrive ManualeAPI_WPTI.html e ManualeAPI_WPTI_AF.html dai contratti OpenAPI incorporati.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("argomento inatteso %q (la cartella si indica con -o)", fs.Arg(0))
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
		fmt.Fprintf(stdout, "%s/%s\n", *dir, m.Options.FileName())
	}
	return nil
}
