package cdr_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/wpti/toolkit/cdr"
)

func ExampleWriter() {
	roma, _ := time.LoadLocation("Europe/Rome")
	var buf bytes.Buffer
	w := cdr.NewWriter(&buf)
	_ = w.Write(cdr.Record{
		IDCdr:                 "OLO1-20240312-000000001",
		Inizio:                time.Date(2024, 3, 12, 9, 15, 0, 0, roma),
		DurataSec:             185,
		DurataTariffataSec:    cdr.DurataTariffata(185),
		Chiamante:             "0612345678",
		Chiamato:              "0298765432",
		ChiamatoPostNP:        "C1020298765432",
		Direzione:             cdr.DirUscente,
		TipoDestinazione:      cdr.DestNazionale,
		DescrizioneDirettrice: "Milano",
		FasciaOraria:          cdr.FasciaPeak,
		CodiceTariffa:         "NAZ-P",
		Importo:               1690, // 0,1690 euro
		Servizio:              cdr.ServizioVOIP,
		AziendaID:             "AZ-0001",
		UfficioID:             "UF-0001",
		Interno:               "201",
		CausaRilascio:         cdr.CausaNormale,
	})
	_ = w.Flush()
	out := buf.String()
	fmt.Println("BOM:", strings.HasPrefix(out, "\ufeff"))
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(out, "\ufeff"), "\r\n", "\n"))
	// Output:
	// BOM: true
	// idCdr;dataOraInizio;durataSec;durataTariffataSec;numeroChiamante;numeroChiamato;numeroChiamatoPostNP;direzione;tipoDestinazione;descrizioneDirettrice;fasciaOraria;codiceTariffa;importoEur;servizio;aziendaId;ufficioId;interno;causaRilascio
	// OLO1-20240312-000000001;2024-03-12T09:15:00+01:00;185;185;0612345678;0298765432;C1020298765432;USCENTE;NAZIONALE;Milano;PEAK;NAZ-P;0,1690;VOIP;AZ-0001;UF-0001;201;16
}

func ExampleFascia() {
	for _, s := range []string{
		"2024-01-15T07:59:59+01:00", // Monday, winter
		"2024-01-15T08:00:00+01:00",
		"2024-07-15T06:00:00Z", // Monday 08:00 in Rome (summer time)
		"2024-07-15T18:30:00+02:00",
		"2024-07-13T10:00:00+02:00", // Saturday
	} {
		t, _ := time.Parse(time.RFC3339, s)
		fmt.Println(s, cdr.Fascia(t))
	}
	// Output:
	// 2024-01-15T07:59:59+01:00 OFFPEAK
	// 2024-01-15T08:00:00+01:00 PEAK
	// 2024-07-15T06:00:00Z PEAK
	// 2024-07-15T18:30:00+02:00 OFFPEAK
	// 2024-07-13T10:00:00+02:00 OFFPEAK
}

func ExampleRileva() {
	day := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	linee := []cdr.Linea{
		{DN: "0612345678", Servizio: cdr.ServizioWLR, Profilo: cdr.ProfiloResidenziale},
		{DN: "0298765432", Servizio: cdr.ServizioVOIP, AziendaID: "AZ-0001", UfficioID: "UF-0001", Interno: "201", Profilo: cdr.ProfiloAffari},
	}
	frodi := []cdr.Frode{{Tipo: cdr.FrodeIRSF, DN: "0612345678", Giorno: day, Ora: 2}}
	for _, a := range cdr.Rileva(cdr.Genera("OLO1", day, linee, frodi, 42), cdr.SoglieDefault()) {
		fmt.Println(a.DN, a.Tipo, a.Severita, a.Metrica, a.Valore >= a.Soglia)
	}
	// Output:
	// 0612345678 IRSF CRITICO COSTO_GIORNO_EUR true
}
