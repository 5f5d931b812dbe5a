package italia

// nomiMaschili and nomiFemminili are given names common in Italy across the
// generations the generator draws birth dates from (1940-2007).
var nomiMaschili = []string{
	"Alessandro", "Andrea", "Antonio", "Francesco", "Giuseppe", "Giovanni", "Luca", "Marco",
	"Matteo", "Lorenzo", "Leonardo", "Mattia", "Gabriele", "Riccardo", "Tommaso", "Edoardo",
	"Federico", "Davide", "Simone", "Stefano", "Paolo", "Roberto", "Massimo", "Fabio",
	"Daniele", "Alberto", "Claudio", "Salvatore", "Vincenzo", "Mario", "Luigi", "Carlo",
	"Franco", "Bruno", "Sergio", "Enrico", "Emanuele", "Filippo", "Pietro", "Michele",
	"Nicola", "Cristian", "Diego", "Giorgio", "Giacomo", "Alessio", "Angelo", "Domenico",
	"Raffaele", "Gennaro", "Ciro", "Pasquale", "Rocco", "Carmine", "Gaetano", "Vittorio",
	"Umberto", "Alfredo", "Renato", "Guido", "Piero", "Ugo", "Valerio", "Fabrizio",
	"Maurizio", "Gianluca", "Gianni", "Giancarlo", "Pierluigi", "Luciano", "Silvio", "Ettore",
	"Dario", "Ivan", "Samuele", "Christian", "Nicolò", "Niccolò", "Jacopo", "Manuel",
	"Cesare", "Elia", "Giulio", "Ruggero", "Ottavio", "Corrado", "Aldo", "Agostino",
	"Bernardo", "Ernesto", "Fausto", "Gino", "Marcello", "Mirko", "Orazio", "Rosario",
	"Sebastiano", "Tiziano", "Walter", "Enzo", "Antonello", "Efisio", "Calogero", "Giuliano",
	"Arturo", "Silvano", "Massimiliano", "Gianfranco", "Emilio", "Cosimo",
}

var nomiFemminili = []string{
	"Giulia", "Sofia", "Aurora", "Alice", "Ginevra", "Emma", "Giorgia", "Beatrice",
	"Anna", "Chiara", "Francesca", "Maria", "Laura", "Sara", "Elena", "Martina",
	"Valentina", "Alessandra", "Federica", "Silvia", "Elisa", "Paola", "Roberta", "Monica",
	"Cristina", "Barbara", "Daniela", "Simona", "Claudia", "Giovanna", "Rosa", "Angela",
	"Lucia", "Carla", "Patrizia", "Antonella", "Manuela", "Michela", "Serena", "Ilaria",
	"Veronica", "Noemi", "Camilla", "Greta", "Matilde", "Vittoria", "Bianca", "Viola",
	"Arianna", "Rebecca", "Irene", "Nicole", "Marta", "Gaia", "Caterina", "Teresa",
	"Carmela", "Concetta", "Assunta", "Immacolata", "Giuseppina", "Rita", "Franca", "Gabriella",
	"Lorena", "Loredana", "Mariangela", "Stefania", "Cinzia", "Tiziana", "Rossella", "Marina",
	"Luisa", "Eleonora", "Benedetta", "Margherita", "Adele", "Ludovica", "Agnese", "Emanuela",
	"Ornella", "Graziella", "Raffaella", "Angelica", "Lisa", "Debora", "Erica", "Jessica",
	"Sabrina", "Katia", "Donatella", "Mirella", "Nadia", "Pamela", "Sonia", "Letizia",
	"Costanza", "Elisabetta", "Maddalena", "Grazia", "Ida", "Lina", "Annalisa", "Marisa",
	"Mariarosaria", "Carolina", "Lucrezia", "Asia",
}

// cognomi are among the most frequent Italian surnames, from every region,
// including the forms with particles and apostrophes that trip up CF code.
var cognomi = []string{
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
	"Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
	"Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani",
	"Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile",
	"Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti",
	"Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini",
	"Grasso", "Valentini", "Messina", "Sala", "De Angelis", "Gatti", "Pellegrini", "Palumbo",
	"Sanna", "Farina", "Rizzi", "Monti", "Cattaneo", "Morelli", "Amato", "Silvestri",
	"Mazza", "Testa", "Grassi", "Pellegrino", "Carbone", "Giuliani", "Benedetti", "Barone",
	"Rossetti", "Caputo", "Montanari", "Guerra", "Palmieri", "Bernardi", "Martino", "Fiore",
	"De Rosa", "Ferretti", "Bellini", "Basile", "Riva", "Donati", "Piras", "Vitali",
	"Battaglia", "Sartori", "Neri", "Costantini", "Milani", "Pagano", "Ruggiero", "Sorrentino",
	"D'Amico", "Orlando", "Negri", "Mele", "Fumagalli", "Brambilla", "Bassi", "Olivieri",
	"Cirillo", "Pace", "Bellucci", "Marchi", "Zanetti", "Ruggeri", "Cocco", "Pinna",
	"Melis", "Mura", "Deiana", "Floris", "Fadda", "Cossu", "Porcu", "Lai",
	"Calabrese", "Napolitano", "Iannone", "De Simone", "La Rosa", "Lo Presti", "Lo Russo", "Di Stefano",
	"Di Pietro", "Di Lorenzo", "Di Giovanni", "Del Vecchio", "Dell'Acqua", "Della Valle", "Zanella", "Zanon",
	"Furlan", "Bertolini", "Tosi", "Pozzi", "Valsecchi", "Galbiati", "Sironi", "Bonetti",
	"Cavallo", "Ferrero", "Marchese", "Lentini", "Vaccaro", "Catalano", "Siciliano", "Pugliese",
	"Mancuso", "Scalise", "Morabito", "Romeo", "Fiorentino", "Guarino", "Ferrante", "Ruocco",
	"Aiello", "Bonanno", "Ricciardi", "Baldini", "Bartolini", "Innocenti", "Giannini", "Bertini",
	"Lotti", "Mazzoni", "Nardi", "Toscano", "Salvi", "Longhi", "Villani", "Valente",
	"Rota", "Bonomi", "Ferrario", "Casati", "Martelli", "Cappelli", "Franchi", "Piazza",
	"Orsini", "Zanardi", "Grimaldi", "Tedesco", "Sanfilippo", "Fabbro", "Colonna", "Nicolosi",
	"Marras", "Pisano", "Carta", "Atzeni", "Contu", "Murgia", "Puglisi", "Di Bella",
	"Di Mauro", "Lo Giudice", "Bonelli", "Beretta", "Crippa", "Sangalli", "Mapelli", "Pirovano",
	"Perego", "Corti", "Bianchini", "Zanini", "Zago", "Pavan", "Visentin", "Trevisan",
	"Scarpa", "Vianello", "De Marchi", "Marchesini", "Gasparini", "Righi", "Guidi", "Bacci",
	"Gori", "Capuano", "Mazzeo", "Palladino", "Amoroso", "Di Maio", "Ferro", "Cremonesi",
}

// Building blocks of company names (ragione sociale): surnames carry most
// Italian SMEs ("Rossi Impianti S.r.l.", "F.lli Bianchi S.n.c."), the rest are
// the coined names of the 1970s-90s ("Edilnord", "Termosud").
var (
	settoriAzienda = []string{
		"Costruzioni", "Impianti", "Trasporti", "Logistica", "Informatica", "Servizi",
		"Consulenze", "Alimentari", "Elettronica", "Meccanica", "Arredamenti", "Telecomunicazioni",
		"Ristorazione", "Edilizia", "Termoidraulica", "Autoricambi", "Tessile", "Calzature",
		"Ceramiche", "Vini", "Serramenti", "Impianti Elettrici", "Carpenteria", "Stampaggi",
		"Distribuzione", "Immobiliare", "Packaging", "Forniture Ufficio",
	}
	radiciAzienda = []string{
		"Edil", "Termo", "Elettro", "Idro", "Tecno", "Metal", "Agri", "Info", "Auto", "Plast",
		"Eco", "Euro", "Inter", "Geo", "Ferro", "Legno", "Vetro", "Tele",
	}
	codeAzienda = []string{
		"nord", "sud", "centro", "est", "ovest", "service", "sistemi", "tecnica", "impianti",
		"italia", "mare", "alpi", "line", "data", "group", "progetti",
	}
)

// dominiEmail are RFC 2606 reserved names: generated mail addresses look
// ordinary but can never reach a real mailbox if the sandbox ever sends mail.
var dominiEmail = []string{"example.com", "example.net", "example.org", "posta.example", "mail.example"}

// prefissiMobili are the 3xx ranges mobile operators in Italy actually hand
// out (TIM, Vodafone, WindTre, Iliad and the virtual operators they host).
var prefissiMobili = []string{
	"320", "323", "327", "328", "329",
	"330", "331", "333", "334", "335", "336", "337", "338", "339",
	"340", "342", "345", "346", "347", "348", "349",
	"351", "352", "360", "366", "368", "371", "377",
	"380", "388", "389", "391", "392", "393", "397",
}
