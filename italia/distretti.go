package italia

import "sort"

// Distretto is an Italian telephone district: the geographic prefix (with its
// leading 0) and the town the district is named after. A VoIP office's
// geographic numbers must belong to its distretto.
type Distretto struct {
	Prefisso string
	Nome     string
}

// distrettiDati is the national plan of geographic districts (Piano di
// numerazione nazionale): 2-, 3- and 4-digit prefixes including the 0. The set
// is prefix-free, so the longest match of a number is its only match.
var distrettiDati = []Distretto{
	// 01: Piemonte, Valle d'Aosta, Liguria
	{"010", "Genova"}, {"011", "Torino"},
	{"0121", "Pinerolo"}, {"0122", "Susa"}, {"0123", "Lanzo Torinese"}, {"0124", "Rivarolo Canavese"}, {"0125", "Ivrea"},
	{"0131", "Alessandria"},
	{"0141", "Asti"}, {"0142", "Casale Monferrato"}, {"0143", "Novi Ligure"}, {"0144", "Acqui Terme"},
	{"015", "Biella"},
	{"0161", "Vercelli"}, {"0163", "Borgosesia"}, {"0165", "Aosta"}, {"0166", "Saint-Vincent"},
	{"0171", "Cuneo"}, {"0172", "Savigliano"}, {"0173", "Alba"}, {"0174", "Mondovì"}, {"0175", "Saluzzo"},
	{"0182", "Albenga"}, {"0183", "Imperia"}, {"0184", "Sanremo"}, {"0185", "Rapallo"}, {"0187", "La Spezia"},
	{"019", "Savona"},
	// 02-03: Lombardia, Piemonte orientale
	{"02", "Milano"},
	{"030", "Brescia"}, {"031", "Como"},
	{"0321", "Novara"}, {"0322", "Arona"}, {"0323", "Baveno"}, {"0324", "Domodossola"},
	{"0331", "Busto Arsizio"}, {"0332", "Varese"},
	{"0341", "Lecco"}, {"0342", "Sondrio"}, {"0343", "Chiavenna"}, {"0344", "Menaggio"}, {"0345", "San Pellegrino Terme"}, {"0346", "Clusone"},
	{"035", "Bergamo"},
	{"0362", "Seregno"}, {"0363", "Treviglio"}, {"0364", "Breno"}, {"0365", "Salò"},
	{"0371", "Lodi"}, {"0372", "Cremona"}, {"0373", "Crema"}, {"0374", "Soresina"}, {"0375", "Casalmaggiore"}, {"0376", "Mantova"}, {"0377", "Codogno"},
	{"0381", "Vigevano"}, {"0382", "Pavia"}, {"0383", "Voghera"}, {"0384", "Mortara"}, {"0385", "Stradella"}, {"0386", "Ostiglia"},
	{"039", "Monza"},
	// 04: Veneto, Friuli-Venezia Giulia, Trentino-Alto Adige
	{"040", "Trieste"}, {"041", "Venezia"},
	{"0421", "San Donà di Piave"}, {"0422", "Treviso"}, {"0423", "Montebelluna"}, {"0424", "Bassano del Grappa"}, {"0425", "Rovigo"},
	{"0426", "Adria"}, {"0427", "Spilimbergo"}, {"0428", "Tarvisio"}, {"0429", "Este"},
	{"0431", "Cervignano del Friuli"}, {"0432", "Udine"}, {"0433", "Tolmezzo"}, {"0434", "Pordenone"}, {"0435", "Pieve di Cadore"},
	{"0436", "Cortina d'Ampezzo"}, {"0437", "Belluno"}, {"0438", "Conegliano"}, {"0439", "Feltre"},
	{"0442", "Legnago"}, {"0444", "Vicenza"}, {"0445", "Schio"},
	{"045", "Verona"},
	{"0461", "Trento"}, {"0462", "Cavalese"}, {"0463", "Cles"}, {"0464", "Rovereto"}, {"0465", "Tione di Trento"},
	{"0471", "Bolzano"}, {"0472", "Bressanone"}, {"0473", "Merano"}, {"0474", "Brunico"},
	{"0481", "Gorizia"},
	{"049", "Padova"},
	// 05: Emilia-Romagna, Toscana
	{"050", "Pisa"}, {"051", "Bologna"},
	{"0521", "Parma"}, {"0522", "Reggio Emilia"}, {"0523", "Piacenza"}, {"0524", "Fidenza"}, {"0525", "Fornovo di Taro"},
	{"0532", "Ferrara"}, {"0533", "Comacchio"}, {"0534", "Porretta Terme"}, {"0535", "Mirandola"}, {"0536", "Sassuolo"},
	{"0541", "Rimini"}, {"0542", "Imola"}, {"0543", "Forlì"}, {"0544", "Ravenna"}, {"0545", "Lugo"}, {"0546", "Faenza"}, {"0547", "Cesena"},
	{"055", "Firenze"},
	{"0564", "Grosseto"}, {"0565", "Piombino"}, {"0566", "Follonica"},
	{"0571", "Empoli"}, {"0572", "Montecatini Terme"}, {"0573", "Pistoia"}, {"0574", "Prato"}, {"0575", "Arezzo"}, {"0577", "Siena"}, {"0578", "Chianciano Terme"},
	{"0583", "Lucca"}, {"0584", "Viareggio"}, {"0585", "Massa"}, {"0586", "Livorno"}, {"0587", "Pontedera"}, {"0588", "Volterra"},
	{"059", "Modena"},
	// 06-07: Lazio, Marche, Umbria, Sardegna
	{"06", "Roma"},
	{"070", "Cagliari"}, {"071", "Ancona"},
	{"0721", "Pesaro"}, {"0722", "Urbino"},
	{"0731", "Jesi"}, {"0732", "Fabriano"}, {"0733", "Macerata"}, {"0734", "Fermo"}, {"0735", "San Benedetto del Tronto"}, {"0736", "Ascoli Piceno"}, {"0737", "Camerino"},
	{"0742", "Foligno"}, {"0743", "Spoleto"}, {"0744", "Terni"}, {"0746", "Rieti"},
	{"075", "Perugia"},
	{"0761", "Viterbo"}, {"0763", "Orvieto"}, {"0765", "Poggio Mirteto"}, {"0766", "Civitavecchia"},
	{"0771", "Formia"}, {"0773", "Latina"}, {"0774", "Tivoli"}, {"0775", "Frosinone"}, {"0776", "Cassino"},
	{"0781", "Iglesias"}, {"0782", "Lanusei"}, {"0783", "Oristano"}, {"0784", "Nuoro"}, {"0785", "Macomer"}, {"0789", "Olbia"},
	{"079", "Sassari"},
	// 08: Campania, Puglia, Abruzzo, Molise, Basilicata
	{"080", "Bari"}, {"081", "Napoli"},
	{"0823", "Caserta"}, {"0824", "Benevento"}, {"0825", "Avellino"}, {"0827", "Sant'Angelo dei Lombardi"}, {"0828", "Battipaglia"},
	{"0831", "Brindisi"}, {"0832", "Lecce"}, {"0833", "Gallipoli"}, {"0835", "Matera"}, {"0836", "Maglie"},
	{"085", "Pescara"},
	{"0861", "Teramo"}, {"0862", "L'Aquila"}, {"0863", "Avezzano"}, {"0864", "Sulmona"}, {"0865", "Isernia"},
	{"0871", "Chieti"}, {"0872", "Lanciano"}, {"0873", "Vasto"}, {"0874", "Campobasso"}, {"0875", "Termoli"},
	{"0881", "Foggia"}, {"0882", "San Severo"}, {"0883", "Andria"}, {"0884", "Manfredonia"}, {"0885", "Cerignola"},
	{"089", "Salerno"},
	// 09: Sicilia, Calabria, Basilicata, Puglia ionica
	{"090", "Messina"}, {"091", "Palermo"},
	{"0921", "Cefalù"}, {"0922", "Agrigento"}, {"0923", "Trapani"}, {"0924", "Alcamo"}, {"0925", "Sciacca"},
	{"0931", "Siracusa"}, {"0932", "Ragusa"}, {"0933", "Caltagirone"}, {"0934", "Caltanissetta"}, {"0935", "Enna"},
	{"0941", "Patti"}, {"0942", "Taormina"},
	{"095", "Catania"},
	{"0961", "Catanzaro"}, {"0962", "Crotone"}, {"0963", "Vibo Valentia"}, {"0964", "Locri"}, {"0965", "Reggio Calabria"},
	{"0966", "Palmi"}, {"0967", "Soverato"}, {"0968", "Lamezia Terme"},
	{"0971", "Potenza"}, {"0972", "Melfi"}, {"0973", "Lagonegro"}, {"0974", "Vallo della Lucania"}, {"0975", "Sala Consilina"}, {"0976", "Muro Lucano"},
	{"0981", "Castrovillari"}, {"0982", "Paola"}, {"0983", "Rossano"}, {"0984", "Cosenza"}, {"0985", "Scalea"},
	{"099", "Taranto"},
}

// indiceDistretti maps each prefix to its district, built once at start.
var indiceDistretti = func() map[string]Distretto {
	m := make(map[string]Distretto, len(distrettiDati))
	for _, d := range distrettiDati {
		m[d.Prefisso] = d
	}
	return m
}()

// Distretti returns every geographic telephone district, ordered by prefix.
// The slice is a copy: callers may keep or change it.
func Distretti() []Distretto {
	out := append([]Distretto(nil), distrettiDati...)
	sort.Slice(out, func(i, j int) bool { return out[i].Prefisso < out[j].Prefisso })
	return out
}

// DistrettoDaPrefisso returns the district of an exact prefix such as "0331".
func DistrettoDaPrefisso(prefisso string) (Distretto, bool) {
	d, ok := indiceDistretti[prefisso]
	return d, ok
}

// Prefisso returns the geographic district prefix of a national-format DN
// (leading 0, no +39): "0612345678" gives "06", "0331123456" gives "0331".
// It reports false for mobile, nomadic or unknown numbers.
func Prefisso(dn string) (string, bool) {
	if len(dn) < 2 || dn[0] != '0' {
		return "", false
	}
	for n := 4; n >= 2; n-- {
		if len(dn) > n {
			if _, ok := indiceDistretti[dn[:n]]; ok {
				return dn[:n], true
			}
		}
	}
	return "", false
}
