// Package cdr is the sandbox's call detail records: the record and its file
// format, the daily files an OLO downloads over SFTP, the deterministic
// traffic generator of the sandbox world, the anti-fraud detector that turns
// calls into alerts, and the per-line traffic summary of GET /traffico. The
// HTTP and SFTP adapters use these functions, so what an OLO sees on either
// side comes from the same calls.
//
// # File format
//
// One call per row, fields in Record order, under a header row with the names
// of Intestazione (idCdr;dataOraInizio;...;causaRilascio). Encoding UTF-8
// with a byte order mark: Excel and LibreOffice in an Italian locale need it to
// show accented names right, and the Reader strips it. Separator ";" (the
// Italian spreadsheet default, since "," is the decimal separator); line ends
// CR LF (RFC 4180; the Reader also takes LF); a field is quoted only when it
// contains ";", a double quote, CR or LF, with quotes doubled.
//
//   - dataOraInizio: RFC 3339 in Europe/Rome with its offset, to the second
//     (2024-03-12T08:05:32+01:00, 2024-07-15T08:05:32+02:00).
//   - importoEur: euro with a decimal comma and exactly 4 decimals ("0,0610"),
//     the Italian practice; Record.Importo holds ten-thousandths of a euro so
//     every sum is exact. The manifest and the API, being JSON, write amounts
//     as numbers with a decimal point.
//   - numbers are text and keep their leading zeros: 0612345678 (geographic),
//     3331234567 (mobile), 899123456 (NNG), 112, 005312345678 (international,
//     with the 00 prefix). A spreadsheet opened by double click turns digit
//     columns into numbers and drops the zeros: import the file with those
//     columns as text.
//   - numeroChiamatoPostNP: the called number after the number portability
//     look-up; a ported number is prefixed by the routing code of the network
//     that serves it now ("C" and three digits: sandbox codes, not the real
//     allocations), otherwise it equals numeroChiamato.
//
// # Daily files
//
// WriteDay writes <root>/CDR/YYYY/MM/CDR_<OPID>_<YYYYMMDD>_<NNN>.csv.gz
// (split every 500,000 rows), a sha256sum-style .sha256 beside each, and
// MANIFEST_<OPID>_<YYYYMMDD>.json last. Every file appears whole, by rename
// from a name starting with TempPrefix, which listers must skip. The bytes
// depend only on the input.
//
// Rows are ordered by line (numeroChiamante) and then by start time, as a
// per-line billing extract; idCdr numbers follow that order.
//
// # Billing
//
// A call is billed from answer: at least 30 seconds, then by the second
// (DurataTariffata); unanswered calls are not billed. The charge is the
// connection fee plus the per-minute price of the destination class in the
// call's band, rounded up to the ten-thousandth of a euro (Listino). The band
// is PEAK Monday to Friday 08:00-18:30 Europe/Rome and OFFPEAK otherwise
// (Fascia); CodiceTariffa is the class code with "-P" or "-O".
//
// # Fraud patterns
//
// Genera can inject the patterns the detector looks for (IRSF, WANGIRI,
// TRAFFIC_PUMPING, PICCO_INTERNAZIONALE, CHIAMATE_CONTEMPORANEE) on chosen
// lines and days, and Rileva finds them with SoglieDefault while ordinary
// traffic stays below CRITICO.
package cdr
