package italia

// vieNote are real, well-known streets of the larger cities, keyed by the
// comune's ISTAT code. Civic numbers and CAP are generated, so an address is
// plausible, never a real person's home.
var vieNote = map[string][]string{
	"058091": { // Roma
		"Via del Corso", "Via Nazionale", "Via Cavour", "Via Merulana", "Via Appia Nuova",
		"Via Tuscolana", "Via Cola di Rienzo", "Viale di Trastevere", "Via Nomentana",
		"Via Ostiense", "Via Prenestina", "Via Casilina", "Via Salaria", "Via Flaminia",
		"Via Aurelia", "Via Vittorio Veneto", "Viale Guglielmo Marconi", "Via Tiburtina",
		"Viale Regina Margherita", "Via Gregorio VII",
	},
	"015146": { // Milano
		"Corso Buenos Aires", "Via Torino", "Via Dante", "Corso Como", "Viale Monza",
		"Via Padova", "Corso di Porta Romana", "Via Alessandro Manzoni", "Via Monte Napoleone",
		"Corso Sempione", "Viale Certosa", "Corso Venezia", "Via Washington", "Corso Vercelli",
		"Viale Papiniano", "Corso Lodi", "Via Paolo Sarpi", "Corso Magenta",
	},
	"001272": { // Torino
		"Via Po", "Via Roma", "Via Garibaldi", "Corso Francia", "Corso Vittorio Emanuele II",
		"Via Nizza", "Corso Regina Margherita", "Corso Giulio Cesare", "Via Lagrange",
		"Corso Unione Sovietica", "Corso Re Umberto", "Via Cernaia", "Corso Vinzaglio",
		"Via Madama Cristina",
	},
	"063049": { // Napoli
		"Via Toledo", "Via Chiaia", "Via dei Tribunali", "Corso Umberto I", "Via Francesco Caracciolo",
		"Via Foria", "Via Duomo", "Via Posillipo", "Via Santa Lucia", "Corso Vittorio Emanuele",
		"Via Alessandro Scarlatti", "Via Partenope", "Via Marina",
	},
	"010025": { // Genova
		"Via XX Settembre", "Via Garibaldi", "Via Balbi", "Corso Italia", "Via San Lorenzo",
		"Via Assarotti", "Corso Buenos Aires", "Via Antonio Cantore", "Corso Torino",
	},
	"037006": { // Bologna
		"Via dell'Indipendenza", "Via Rizzoli", "Via Ugo Bassi", "Strada Maggiore", "Via San Vitale",
		"Via Zamboni", "Via Saragozza", "Via Giuseppe Massarenti", "Via Guglielmo Marconi", "Via San Felice",
	},
	"048017": { // Firenze
		"Via de' Tornabuoni", "Via dei Calzaiuoli", "Via Cavour", "Viale dei Mille", "Via Romana",
		"Borgo San Frediano", "Via Pisana", "Via Vincenzo Gioberti", "Via Francesco Baracca", "Via de' Serragli",
	},
	"082053": { // Palermo
		"Via Maqueda", "Corso Vittorio Emanuele", "Via Roma", "Via della Libertà", "Via Ruggero Settimo",
		"Via Emanuele Notarbartolo", "Viale Strasburgo", "Corso Calatafimi",
	},
	"087015": { // Catania
		"Via Etnea", "Via Vittorio Emanuele II", "Corso Italia", "Via Garibaldi", "Viale XX Settembre",
		"Corso Sicilia", "Viale Mario Rapisardi",
	},
	"072006": { // Bari
		"Via Sparano da Bari", "Corso Cavour", "Corso Vittorio Emanuele II", "Via Argiro",
		"Via Putignani", "Corso Italia", "Lungomare Nazario Sauro",
	},
	"027042": { // Venezia (terraferma)
		"Via Piave", "Corso del Popolo", "Via Giosuè Carducci", "Via Miranese", "Viale San Marco",
	},
	"023091": { // Verona
		"Via Mazzini", "Corso Porta Nuova", "Corso Porta Borsari", "Corso Cavour", "Stradone Porta Palio", "Corso Milano",
	},
	"032006": { // Trieste
		"Corso Italia", "Via Carducci", "Viale XX Settembre", "Via Cesare Battisti", "Via Mazzini", "Via Flavia",
	},
	"092009": { // Cagliari
		"Via Roma", "Largo Carlo Felice", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via Sidney Sonnino", "Viale Trieste",
	},
	"028060": { // Padova
		"Via Roma", "Corso del Popolo", "Via Altinate", "Corso Milano", "Via Belzoni", "Corso Garibaldi",
	},
	"017029": { // Brescia
		"Corso Zanardelli", "Via dei Musei", "Corso Palestro", "Via Trieste", "Viale Venezia",
	},
	"016024": { // Bergamo
		"Viale Papa Giovanni XXIII", "Via XX Settembre", "Via Borgo Palazzo", "Viale Vittorio Emanuele II", "Via Tiraboschi",
	},
	"054039": { // Perugia
		"Corso Vannucci", "Via dei Priori", "Via XIV Settembre",
	},
	"042002": { // Ancona
		"Corso Garibaldi", "Corso Stamira", "Corso Mazzini", "Via XXIX Settembre",
	},
	"068028": { // Pescara
		"Corso Umberto I", "Corso Vittorio Emanuele II", "Viale Guglielmo Marconi", "Via Nicola Fabrizi",
	},
	"066049": { // L'Aquila
		"Corso Vittorio Emanuele", "Corso Federico II", "Via XX Settembre",
	},
	"065116": { // Salerno
		"Corso Vittorio Emanuele", "Via dei Mercanti", "Lungomare Trieste", "Via Roma",
	},
	"080063": { // Reggio di Calabria
		"Corso Garibaldi", "Via Aschenez", "Via Marina",
	},
	"083048": { // Messina
		"Via Garibaldi", "Viale San Martino", "Corso Cavour", "Via Tommaso Cannizzaro",
	},
	"022205": { // Trento
		"Via Belenzani", "Via Manci", "Corso 3 Novembre", "Via Brennero",
	},
	"021008": { // Bolzano
		"Via dei Portici", "Corso Libertà", "Via Museo", "Viale Druso",
	},
	"007003": { // Aosta
		"Via Sant'Anselmo", "Via Porta Pretoria", "Corso Battaglione Aosta", "Via Festaz",
	},
	"076063": { // Potenza
		"Via Pretoria", "Viale Guglielmo Marconi",
	},
	"090064": { // Sassari
		"Corso Vittorio Emanuele II", "Via Roma", "Viale Umberto",
	},
	"030129": { // Udine
		"Via Mercatovecchio", "Via Cavour", "Viale Volontari della Libertà",
	},
	"034027": { // Parma
		"Strada della Repubblica", "Strada Garibaldi", "Via Mazzini",
	},
	"050026": { // Pisa
		"Borgo Stretto", "Corso Italia", "Lungarno Pacinotti",
	},
	"049009": { // Livorno
		"Via Grande", "Viale Italia",
	},
	"052032": { // Siena
		"Banchi di Sopra", "Banchi di Sotto", "Via di Città",
	},
}

// vieDiffuse are street names found in most Italian towns: national heroes,
// writers and artists, dates of the Risorgimento and of the wars, trees,
// regions and cities, and the streets every town has (Stazione, Chiesa).
var vieDiffuse = []string{
	"Via Roma", "Via Giuseppe Garibaldi", "Via Giuseppe Mazzini", "Via Camillo Benso di Cavour",
	"Corso Vittorio Emanuele II", "Via Dante Alighieri", "Via XX Settembre", "Via IV Novembre",
	"Via XXV Aprile", "Via I Maggio", "Via II Giugno", "Via XXIV Maggio", "Piazza della Repubblica",
	"Via della Repubblica", "Piazza Giuseppe Verdi", "Via Giacomo Matteotti", "Via Antonio Gramsci",
	"Via Aldo Moro", "Via Alessandro Manzoni", "Via Giosuè Carducci", "Via Giacomo Leopardi",
	"Via Ugo Foscolo", "Via Galileo Galilei", "Via Leonardo da Vinci", "Via Cristoforo Colombo",
	"Via Marco Polo", "Via Nazario Sauro", "Via Cesare Battisti", "Via Guglielmo Marconi",
	"Via Alessandro Volta", "Via Enrico Fermi", "Via dei Mille", "Via Trieste", "Via Trento",
	"Via Milano", "Via Torino", "Via Napoli", "Via Firenze", "Via Venezia", "Via Genova",
	"Via Bologna", "Via Verona", "Viale dei Tigli", "Via dei Pini", "Viale dei Platani",
	"Via dei Castagni", "Via delle Querce", "Via degli Olmi", "Via dei Cipressi", "Via dei Lecci",
	"Via delle Magnolie", "Via degli Ulivi", "Via dei Gelsi", "Via delle Acacie", "Via della Libertà",
	"Via della Pace", "Via della Stazione", "Via del Lavoro", "Via dell'Industria", "Via dell'Artigianato",
	"Via Papa Giovanni XXIII", "Via San Francesco d'Assisi", "Via Santa Caterina", "Via della Chiesa",
	"Via Giovanni Pascoli", "Via Luigi Pirandello", "Via Giovanni Verga", "Via Torquato Tasso",
	"Via Ludovico Ariosto", "Via Francesco Petrarca", "Via Giovanni Boccaccio", "Via Michelangelo Buonarroti",
	"Via Raffaello Sanzio", "Via Gioacchino Rossini", "Via Vincenzo Bellini", "Via Gaetano Donizetti",
	"Via Giacomo Puccini", "Via Antonio Vivaldi", "Via Goffredo Mameli", "Via Silvio Pellico",
	"Via Luigi Einaudi", "Via Sandro Pertini", "Via Alcide De Gasperi", "Via Don Luigi Sturzo",
	"Via Giovanni Falcone", "Via Paolo Borsellino", "Via Piero Gobetti", "Via Fratelli Rosselli",
	"Via Umberto I", "Via Regina Margherita", "Via Vittorio Veneto", "Via Piave", "Via Monte Grappa",
	"Via Isonzo", "Corso Italia", "Corso Garibaldi", "Corso Giuseppe Mazzini", "Viale Europa",
	"Viale John Fitzgerald Kennedy", "Via Martiri della Libertà", "Via Caduti sul Lavoro",
	"Via Lombardia", "Via Piemonte", "Via Sicilia", "Via Sardegna", "Via Toscana", "Via Calabria",
	"Via Puglia", "Via Salvo D'Acquisto", "Via Tiziano", "Via Giotto", "Piazza Giuseppe Garibaldi",
	"Piazza Cavour", "Piazza Dante", "Piazza San Marco", "Piazza del Municipio", "Piazza della Libertà",
	"Viale della Vittoria", "Viale delle Rimembranze", "Largo Carlo Alberto dalla Chiesa",
	"Via Enrico Mattei", "Via Grazia Deledda", "Via Eleonora d'Arborea", "Via Niccolò Machiavelli",
	"Via Pietro Nenni", "Via Ugo La Malfa", "Via Filippo Turati", "Via Carlo Pisacane",
	"Via Ippolito Nievo", "Via Edmondo De Amicis", "Via Gabriele D'Annunzio", "Via Benedetto Croce",
}
