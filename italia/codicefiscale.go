package italia

import (
	"strings"
	"time"
)

const datoCodiceFiscale = "codice fiscale"

// Sesso is the sex recorded in a codice fiscale: it shifts the day of birth
// by 40 for women, so it is part of the identifier, not a free attribute.
type Sesso string

// The two values the codice fiscale can encode.
const (
	Maschio Sesso = "M"
	Femmina Sesso = "F"
)

// PosizioniOmocodia are the zero-based indexes of the seven digits of a
// person's codice fiscale (year, day, Belfiore number) that the Agenzia delle
// Entrate may replace with letters to tell apart two people whose codes would
// otherwise be equal.
var PosizioniOmocodia = [7]int{6, 7, 9, 10, 12, 13, 14}

// lettereOmocodia maps a digit to the letter that replaces it: 0=L 1=M 2=N
// 3=P 4=Q 5=R 6=S 7=T 8=U 9=V.
const lettereOmocodia = "LMNPQRSTUV"

// lettereMese maps month 1..12 to its letter: A B C D E H L M P R S T.
const lettereMese = "ABCDEHLMPRST"

// valoriDispari are the weights of the characters in odd positions (1st,
// 3rd, ...) for the check letter, indexed by digit value or letter - 'A'.
var valoriDispari = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// CarattereControlloCF computes the check letter (16th character) of a
// person's codice fiscale from its first 15 characters, exactly as written:
// an omocode keeps its letters in the computation. Characters in odd
// positions weigh by the odd table, those in even positions by their value
// (digit, or letter A=0 ... Z=25); the letter is the sum mod 26.
func CarattereControlloCF(first15 string) (byte, error) {
	if len(first15) != 15 {
		return 0, nuovoErrore(datoCodiceFiscale, first15, "servono esattamente 15 caratteri per calcolare il carattere di controllo, ne ha %d", len(first15))
	}
	somma := 0
	for i := 0; i < 15; i++ {
		c := first15[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c - 'A')
		default:
			return 0, nuovoErrore(datoCodiceFiscale, first15, "carattere %q in posizione %d non ammesso: solo lettere maiuscole e cifre", c, i+1)
		}
		if i%2 == 0 { // odd position counting from 1
			v = valoriDispari[v]
		}
		somma += v
	}
	return byte('A' + somma%26), nil
}

// DatiCodiceFiscale is what a person's codice fiscale says about its holder,
// with omocodia letters already turned back into digits. The sandbox uses it
// to check a CF against the customer it is declared for (KO03).
type DatiCodiceFiscale struct {
	Sesso           Sesso
	AnnoDueCifre    int // 0..99: the century is not encoded
	Mese            int // 1..12
	Giorno          int // 1..31, already without the +40 of women
	CodiceCatastale string
	// Omocodia is true when at least one digit was replaced by a letter.
	Omocodia bool
}

// ValidaCodiceFiscale accepts either a person's 16-character code or the
// 11-digit code of a company or body (which must be a valid partita IVA).
// For a person it checks the layout, omocodia letters in any of the seven
// digit positions, the month letter, the day (1-31, or 41-71 for women,
// within the month's length, 29 February always allowed since the century is
// unknown) and the check letter computed on the code as written. Letters must
// be upper case: the Agenzia delle Entrate never issues lower-case codes.
func ValidaCodiceFiscale(s string) error {
	if len(s) == 11 {
		if err := ValidaPartitaIva(s); err != nil {
			motivo := err.Error()
			if ev, ok := err.(*ErroreValidazione); ok {
				motivo = ev.Motivo
			}
			return nuovoErrore(datoCodiceFiscale, s, "codice numerico di soggetto diverso da persona fisica non valido come partita IVA: %s", motivo)
		}
		return nil
	}
	_, err := DecodificaCodiceFiscale(s)
	return err
}

// DecodificaCodiceFiscale validates a person's 16-character codice fiscale
// (as ValidaCodiceFiscale does) and returns what it encodes.
func DecodificaCodiceFiscale(s string) (DatiCodiceFiscale, error) {
	var d DatiCodiceFiscale
	if len(s) != 16 {
		return d, nuovoErrore(datoCodiceFiscale, s, "deve avere 16 caratteri (persona fisica) o 11 cifre (altri soggetti), ne ha %d", len(s))
	}
	if strings.ToUpper(s) != s {
		return d, nuovoErrore(datoCodiceFiscale, s, "le lettere devono essere maiuscole")
	}
	for i := 0; i < 6; i++ {
		if !lettera(s[i]) {
			return d, nuovoErrore(datoCodiceFiscale, s, "i primi 6 caratteri (cognome e nome) devono essere lettere: posizione %d contiene %q", i+1, s[i])
		}
	}
	cifre := []byte(s)
	for _, p := range PosizioniOmocodia {
		c := s[p]
		switch {
		case c >= '0' && c <= '9':
		case strings.IndexByte(lettereOmocodia, c) >= 0:
			cifre[p] = byte('0' + strings.IndexByte(lettereOmocodia, c))
			d.Omocodia = true
		default:
			return d, nuovoErrore(datoCodiceFiscale, s, "posizione %d deve essere una cifra o una lettera di omocodia (LMNPQRSTUV), trovato %q", p+1, c)
		}
	}
	mese := strings.IndexByte(lettereMese, s[8])
	if mese < 0 {
		return d, nuovoErrore(datoCodiceFiscale, s, "lettera del mese %q non valida: ammesse A B C D E H L M P R S T", s[8])
	}
	if !(s[11] >= 'A' && s[11] <= 'M') && s[11] != 'Z' {
		return d, nuovoErrore(datoCodiceFiscale, s, "codice catastale del luogo di nascita deve iniziare con una lettera da A a M (comune) o Z (stato estero), trovato %q", s[11])
	}
	if !lettera(s[15]) {
		return d, nuovoErrore(datoCodiceFiscale, s, "il carattere di controllo (posizione 16) deve essere una lettera, trovato %q", s[15])
	}
	d.AnnoDueCifre = int(cifre[6]-'0')*10 + int(cifre[7]-'0')
	d.Mese = mese + 1
	giorno := int(cifre[9]-'0')*10 + int(cifre[10]-'0')
	d.Sesso = Maschio
	if giorno > 40 {
		d.Sesso = Femmina
		giorno -= 40
	}
	if giorno < 1 || giorno > 31 {
		return d, nuovoErrore(datoCodiceFiscale, s, "giorno di nascita %s fuori intervallo: ammessi 01-31 (uomini) e 41-71 (donne)", string(cifre[9:11]))
	}
	if giorno > giorniNelMese(d.Mese) {
		return d, nuovoErrore(datoCodiceFiscale, s, "giorno di nascita %d inesistente nel mese %d", giorno, d.Mese)
	}
	d.Giorno = giorno
	d.CodiceCatastale = string(cifre[11:15])
	atteso, err := CarattereControlloCF(s[:15])
	if err != nil {
		return d, err
	}
	if s[15] != atteso {
		return d, nuovoErrore(datoCodiceFiscale, s, "carattere di controllo errato: atteso %c, trovato %c", atteso, s[15])
	}
	return d, nil
}

// giorniNelMese gives the longest a month can be in any year (29 for
// February), since a codice fiscale does not carry the century.
func giorniNelMese(mese int) int {
	switch mese {
	case 2:
		return 29
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func lettera(c byte) bool { return c >= 'A' && c <= 'Z' }

// SostituisciOmocodia returns the omocode of a valid person's codice fiscale
// obtained by replacing the digits at the given indexes of
// PosizioniOmocodia (0 = first digit of the year ... 6 = last digit of the
// Belfiore code) with their letters, and recomputes the check letter. Indexes
// already holding a letter stay as they are. The Agenzia substitutes from the
// right, but any combination is valid and operators meet them all.
func SostituisciOmocodia(cf string, indici ...int) (string, error) {
	if _, err := DecodificaCodiceFiscale(cf); err != nil {
		return "", err
	}
	b := []byte(cf)
	for _, i := range indici {
		if i < 0 || i >= len(PosizioniOmocodia) {
			return "", nuovoErrore(datoCodiceFiscale, cf, "indice di omocodia %d fuori intervallo 0-6", i)
		}
		p := PosizioniOmocodia[i]
		if b[p] >= '0' && b[p] <= '9' {
			b[p] = lettereOmocodia[b[p]-'0']
		}
	}
	c, err := CarattereControlloCF(string(b[:15]))
	if err != nil {
		return "", err
	}
	b[15] = c
	return string(b), nil
}

// CalcolaCodiceFiscale builds a person's codice fiscale from the data the
// Agenzia delle Entrate uses: surname, given name(s), sex, date of birth and
// the codice catastale (Belfiore) of the comune of birth. Accents are folded
// (Niccolò -> NICCOLO), apostrophes and spaces dropped (D'Angelo -> DNG).
// The result has no omocodia; see SostituisciOmocodia.
func CalcolaCodiceFiscale(cognome, nome string, sesso Sesso, nascita time.Time, catastale string) (string, error) {
	if sesso != Maschio && sesso != Femmina {
		return "", nuovoErrore(datoCodiceFiscale, string(sesso), "sesso deve essere M o F")
	}
	if len(catastale) != 4 || !lettera(catastale[0]) || !soloCifre(catastale[1:]) {
		return "", nuovoErrore(datoCodiceFiscale, catastale, "codice catastale deve essere una lettera seguita da 3 cifre")
	}
	cc := codiceCognome(cognome)
	cn := codiceNome(nome)
	if cc == "" || cn == "" {
		return "", nuovoErrore(datoCodiceFiscale, cognome+" "+nome, "cognome e nome devono contenere almeno una lettera")
	}
	y, m, d := nascita.Date()
	if sesso == Femmina {
		d += 40
	}
	var b strings.Builder
	b.Grow(16)
	b.WriteString(cc)
	b.WriteString(cn)
	b.WriteByte(byte('0' + (y%100)/10))
	b.WriteByte(byte('0' + y%10))
	b.WriteByte(lettereMese[m-1])
	b.WriteByte(byte('0' + d/10))
	b.WriteByte(byte('0' + d%10))
	b.WriteString(catastale)
	c, err := CarattereControlloCF(b.String())
	if err != nil {
		return "", err
	}
	b.WriteByte(c)
	return b.String(), nil
}

// lettereNome folds a name to the upper-case ASCII letters the codice
// fiscale is computed on and splits them into consonants and vowels.
func lettereNome(s string) (consonanti, vocali []byte) {
	for _, r := range s {
		c := foldLettera(r)
		if c == 0 {
			continue
		}
		if strings.IndexByte("AEIOU", c) >= 0 {
			vocali = append(vocali, c)
		} else {
			consonanti = append(consonanti, c)
		}
	}
	return consonanti, vocali
}

// foldLettera maps a rune to its unaccented upper-case ASCII letter, or 0
// when it is not a letter (apostrophes, spaces, hyphens).
func foldLettera(r rune) byte {
	switch {
	case r >= 'a' && r <= 'z':
		return byte(r - 'a' + 'A')
	case r >= 'A' && r <= 'Z':
		return byte(r)
	}
	switch r {
	case 'à', 'á', 'â', 'ä', 'À', 'Á', 'Â', 'Ä':
		return 'A'
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return 'E'
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return 'I'
	case 'ò', 'ó', 'ô', 'ö', 'Ò', 'Ó', 'Ô', 'Ö':
		return 'O'
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
		return 'U'
	case 'ç', 'Ç':
		return 'C'
	case 'ñ', 'Ñ':
		return 'N'
	}
	return 0
}

func treLettere(cons, voc []byte) string {
	if len(cons)+len(voc) == 0 {
		return ""
	}
	b := append(append(append([]byte{}, cons...), voc...), 'X', 'X', 'X')
	return string(b[:3])
}

func codiceCognome(s string) string {
	return treLettere(lettereNome(s))
}

func codiceNome(s string) string {
	cons, voc := lettereNome(s)
	if len(cons) >= 4 {
		return string([]byte{cons[0], cons[2], cons[3]})
	}
	return treLettere(cons, voc)
}
