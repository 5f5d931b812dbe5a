package italia_test

import (
	"fmt"
	"time"

	"github.com/wpti/toolkit/italia"
)

// The same seed always gives the same people, companies and numbers, so a
// sandbox world (and an OLO's test recorded against it) is reproducible.
func ExampleNuovoGeneratore() {
	g := italia.NuovoGeneratore(2025)

	p := g.Persona()
	fmt.Println(p.Nome, p.Cognome, p.CodiceFiscale, p.ComuneNascita.Nome)
	fmt.Println(italia.ValidaCodiceFiscale(p.CodiceFiscale))

	a := g.Azienda()
	fmt.Println(a.RagioneSociale, a.PartitaIva)
	fmt.Println(a.SedeLegale)

	roma, _ := italia.ComuneDaIstat("058091")
	dn := g.DNGeografico(roma.Prefisso)
	fmt.Println(dn, italia.E164(dn), italia.TipoDN(dn))
	// Output:
	// Angelica Ferretti FRRNLC68E48A944Q Bologna
	// <nil>
	// Corti Domenico & C. S.a.s. 15192470688
	// Via Calabria 107, 65015 Montesilvano (PE)
	// 0649576286 +390649576286 GEOGRAFICO
}

func ExampleAggiungiGiorniLavorativi() {
	roma := italia.Roma()
	ordine := time.Date(2025, time.December, 23, 10, 0, 0, 0, roma)
	dac := italia.AggiungiGiorniLavorativi(ordine, 6)
	fmt.Println(dac.Format("Mon 2006-01-02"))
	fmt.Println(italia.GiorniLavorativiTra(ordine, dac))
	// Output:
	// Mon 2026-01-05
	// 6
}

func ExampleValidaPartitaIva() {
	fmt.Println(italia.ValidaPartitaIva("00743110157"))
	fmt.Println(italia.ValidaPartitaIva("00743110158"))
	// Output:
	// <nil>
	// partita IVA "00743110158": cifra di controllo errata: attesa 7, trovata 8
}
