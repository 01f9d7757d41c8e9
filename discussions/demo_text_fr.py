"""Voix française des discussions de démonstration (mêmes noms que demo_text).

{place} porte sa préposition ("à Mopti", "dans le delta intérieur") et {subject} son article ;
les modèles ne les placent jamais après "de" ou "à", pour éviter "de le" ou "à les".
"""

LANGUAGE = "fr"

SUBJECTS = {
    "bassin-du-niger": [
        "la gestion des crues du Niger",
        "le partage des eaux entre pays riverains",
        "la prévision des étiages",
        "le suivi piézométrique des nappes alluviales",
        "la gestion concertée du barrage de Kandadji",
        "l'irrigation dans la zone de l'Office du Niger",
        "l'ensablement du fleuve",
        "les comités locaux de l'eau",
        "la qualité de l'eau en aval des villes",
        "l'alerte précoce à la sécheresse",
    ],
}
PLACES = [
    "à Mopti", "à Niamey", "à Ségou", "à Gao", "dans le delta intérieur", "dans la région de Tillabéri",
    "dans le bassin du Bani", "autour du lac Faguibine", "à Kandadji", "dans la zone de l'Office du Niger",
    "à Tombouctou", "à Lokoja", "dans la vallée du fleuve", "à Bamako",
]  # fmt: skip
ORGS = [
    "l'Autorité du bassin du Niger", "notre ONG", "la direction nationale de l'hydraulique", "l'agence de bassin",
    "la chambre régionale d'agriculture", "la coopérative rizicole de Niono", "la mairie de Ségou",
    "l'institut de recherche agronomique", "la direction de la météorologie", "la cellule du projet d'appui",
]  # fmt: skip
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]

DISCUSSION_TITLES = [
    "Retour d'expérience {place} sur {subject}",
    "{Subject} : ce qui a marché et ce qui a échoué",
    "Comment abordez-vous {subject} {place} ?",
    "Recherche d'exemples concrets sur {subject}",
    "{Subject} avec un petit budget",
    "Projet de guide sur {subject} : vos remarques sont bienvenues",
    "{Subject} après la saison {year}",
    "Compte rendu de l'atelier sur {subject}",
    "Quelqu'un évalue-t-il {subject} ?",
    "{Subject} {place} : une courte étude de cas",
    "Pourquoi le travail sur {subject} piétine encore",
]
QUESTION_TITLES = [
    (
        "Quels indicateurs suivez-vous pour {subject} ?",
        [
            "Nous en suivons trois : la couverture, le fonctionnement après {n} mois et la satisfaction des "
            "usagers. C'est simple, mais le ministère les a compris tout de suite.",
            "Partez de ce que {org} collecte déjà, puis ajoutez une ou deux mesures. Un indicateur que personne "
            "n'a le temps de renseigner ne sert à rien.",
            "Nous avons abandonné la moitié de notre liste après la première année. Seuls sont restés ceux que "
            "les services techniques utilisaient dans leurs propres réunions.",
        ],
    ),
    (
        "Comment financez-vous {subject} ?",
        [
            "Par un mélange de redevances et d'une subvention liée aux résultats, qui a couvert {n} % de "
            "l'investissement.",
            "Surtout sur le budget national, avec une petite redevance sur les prélèvements reversée au bassin.",
            "Honnêtement, grâce à trois projets successifs de bailleurs. Nous cherchons maintenant une ligne "
            "budgétaire permanente.",
        ],
    ),
    (
        "Existe-t-il un bon modèle de document pour {subject} ?",
        [
            "{Org} en a un que nous avons adapté ; il tient en quatre pages, et c'est pour cela qu'il est rempli.",
            "Nous sommes partis des lignes directrices régionales de {year}, en les raccourcissant beaucoup. Je "
            "peux partager notre version.",
        ],
    ),
    (
        "Qui a déjà travaillé sur {subject} {place} ?",
        [
            "Nous y avons mené un projet de deux ans, jusqu'en {year}. L'équipe de terrain est partie, mais les "
            "rapports sont publics.",
            "Pas moi directement, mais une collègue de {org} a dirigé l'étude là-bas. Je lui demande de rejoindre "
            "la discussion.",
        ],
    ),
    (
        "Quel calendrier réaliste prévoir pour {subject} ?",
        [
            "{Place}, il a fallu environ {n} mois entre l'idée et les premiers résultats, surtout à cause des "
            "passations de marchés.",
            "Comptez deux saisons pleines avant de juger. La première sert surtout à installer les habitudes.",
            "Nous avions prévu un an, il en a fallu trois, car il a d'abord fallu modifier l'arrêté.",
        ],
    ),
    (
        "Y a-t-il des données ouvertes sur {subject} ?",
        [
            "La meilleure source que je connaisse est le portail régional de {org}, avec des données "
            "journalières depuis {year}.",
            "Il existe une base nationale, mais il faut la demander par courrier. Nous l'avons reçue en un mois.",
        ],
    ),
]
OPENINGS = [
    "Chez nous, {org} travaille sur {subject} depuis {year}, surtout {place}.",
    "Je prépare une note sur {subject} pour {org} et j'aimerais comparer les approches.",
    "Nous lançons un projet pilote {place}, centré sur {subject}.",
    "Après deux saisons difficiles, {org} revoit entièrement sa façon d'aborder {subject}.",
    "On nous a demandé un plan d'action sur {subject} d'ici la fin du trimestre.",
    "Je reviens d'une mission {place}, où toutes les réunions portaient sur {subject}.",
]
MIDDLES = [
    "Le volet technique est assez clair ; le plus dur est d'aligner {n} institutions.",
    "Le budget est serré : nous disposons d'environ {n} % de ce que prévoyait le document de projet.",
    "Les données sont lacunaires, avec des trous de plusieurs mois sur la plupart de nos {n} stations.",
    "Les élus locaux nous soutiennent, mais la rotation du personnel oblige à refaire les formations chaque année.",
    "La première approche, confiée à un bureau d'études, n'a pas survécu à la fin du financement.",
    "Les villages s'impliquent quand les résultats se voient dans la saison, beaucoup moins ensuite.",
]
ASKS = [
    (
        "Comment avez-vous procédé chez vous ?",
        [
            "Chez nous, nous avons séparé les niveaux : un petit groupe technique chaque mois, le comité politique "
            "deux fois par an.",
            "Nous avons avancé commune par commune, en commençant là où le maire était volontaire.",
        ],
    ),
    (
        "Des exemples, même partiels, m'aideraient beaucoup.",
        [
            "Un exemple modeste {place} : {n} sites pilotes, un seul coordinateur et un tableur partagé. Cela a "
            "mieux marché que la plateforme achetée ensuite.",
            "Le nôtre est modeste mais documenté : deux pages sur ce que nous avons essayé en {year} et pourquoi "
            "nous avons changé de méthode.",
        ],
    ),
    (
        "Quelqu'un a-t-il documenté ce qui n'a pas fonctionné ?",
        [
            "Nous avons rédigé une note interne après la saison {year}. L'erreur principale a été de transférer "
            "trop tôt ; je peux vous l'envoyer.",
            "La revue à mi-parcours de notre programme y consacre un chapitre entier. En bref, nous avions "
            "sous-estimé l'entretien.",
        ],
    ),
    (
        "Quels partenaires ont fait la différence pour vous ?",
        [
            "Les associations d'irrigants, de loin. Une fois convaincues, les services de l'État ont suivi.",
            "L'institut national de la statistique, étonnamment. Ses chiffres ont rendu les nôtres crédibles "
            "auprès du ministère.",
        ],
    ),
    (
        "Que feriez-vous autrement si c'était à refaire ?",
        [
            "Je budgéterais la deuxième et la troisième année dès le départ, au lieu d'espérer une phase suivante.",
            "Je passerais les trois premiers mois à écouter. Nous avions tout conçu avant de savoir qui décide vraiment.",
        ],
    ),
]
LIST_INTROS = ["Ce que nous avons déjà :", "Notre plan actuel :", "Les options envisagées :"]
LIST_ITEMS = [
    "une enquête de référence dans {n} villages",
    "des réunions trimestrielles avec les usagers",
    "un tableau de bord simple pour les responsables",
    "la formation de {n} techniciens",
    "une convention avec {org}",
    "des visites de terrain chaque mois",
    "une revue indépendante après la première année",
]
REPLIES = [
    "Nous avons eu le même problème {place}. Ce qui a aidé, c'est de s'accorder d'abord sur {n} indicateurs clés.",
    "D'après notre expérience, rien ne tient si la ligne budgétaire disparaît à la fin du projet.",
    "{Org} a publié un petit guide sur ce sujet l'an dernier ; je cherche le lien.",
    "Nous avons tenté quelque chose de semblable en {year}. La première saison a été difficile, la deuxième "
    "bien meilleure.",
    "Je commencerais petit : une zone pilote, des rôles clairs et un bilan au bout de six mois.",
    "{Place}, le comité de pilotage fonctionne bien parce que la présidence tourne entre les secteurs.",
    "Il faut que les agents locaux s'approprient les données dès le premier jour, sinon le dispositif "
    "disparaît avec le projet.",
    "Notre leçon : associer très tôt le ministère des Finances, sinon le sujet reste marginal.",
    "Nous avons mesuré une amélioration de {n} % en deux ans, mais cela a pris plus de temps que prévu.",
    "Une mise en garde : le coût de l'entretien est presque toujours sous-estimé, souvent du simple au triple.",
    "Nous avons commencé par une cartographie participative. Elle a complètement changé nos priorités.",
    "{Place}, le tournant a été un mandat légal clair pour l'organisme chef de file.",
    "L'atelier régional de {year} avait une session sur exactement ce point ; les présentations sont dans la "
    "bibliothèque.",
    "Les groupements de femmes ont été nos partenaires les plus fiables, alors qu'ils n'étaient pas prévus au départ.",
    "Nous publions une synthèse d'une page chaque trimestre, beaucoup plus lue que le rapport complet.",
    "Chez nous, le point faible a été l'approvisionnement : les pièces de rechange mettaient {n} semaines à arriver.",
]
FOLLOW_UPS = [
    (
        "Avez-vous des chiffres sur les coûts de fonctionnement ?",
        [
            "Environ {n} % de l'investissement par an, surtout du temps de personnel et des pièces détachées.",
            "Pour nos {n} sites, l'équivalent de deux salaires de techniciens par an, plus le carburant.",
        ],
    ),
    (
        "Qui assure l'entretien une fois le projet terminé ?",
        [
            "Le service communal de l'eau a repris le dispositif, avec une petite contribution des usagers pour "
            "les réparations.",
            "Un opérateur privé sous contrat de cinq ans. Ce n'est pas parfait, mais rien n'a été abandonné.",
        ],
    ),
    (
        "Comment avez-vous gardé les villages mobilisés après la première saison ?",
        [
            "Nous leur avons laissé une vraie décision à prendre à chaque saison, pas seulement des chiffres à remonter.",
            "Des réunions mensuelles animées par le comité lui-même ; notre équipe ne vient qu'une fois sur trois.",
        ],
    ),
    (
        "Le ministère était-il associé dès le départ ?",
        [
            "Seulement à partir de la deuxième année, et ce retard nous a coûté presque toute la première.",
            "Oui, un point focal siégeait au comité de pilotage dès la première réunion, ce qui a accéléré les "
            "validations.",
        ],
    ),
    (
        "Les autorités du pays voisin étaient-elles informées ?",
        [
            "Oui, par l'intermédiaire de l'Autorité du bassin, qui a transmis le calendrier des lâchers à l'avance.",
            "Pas formellement au début. Une visite conjointe de terrain a réglé la question l'année suivante.",
        ],
    ),
    (
        "Le rapport d'évaluation est-il public ?",
        [
            "Oui, il est en ligne sur le site de {org}, et un résumé figure dans notre étude de cas.",
            "Pas encore ; il est en relecture chez le bailleur. Il devrait sortir après l'hivernage.",
        ],
    ),
]
LEADS = [
    "Merci d'avoir lancé ce sujet.",
    "Bonne question.",
    "C'est aussi ce que nous avons observé.",
    "Un petit complément à ce qui a été dit.",
    "Pour compléter avec notre cas.",
    "Je confirme, de notre côté.",
]
THANKS = [
    "Très utile, merci. Je le garde pour notre réunion d'équipe de la semaine prochaine.",
    "Merci à tous, j'ai maintenant de quoi rédiger une première version.",
    "Excellente discussion, je l'ai transmise à mes collègues.",
    "Merci, c'est exactement le type de retour d'expérience que je cherchais.",
    "Très éclairant, surtout la remarque sur les coûts d'entretien.",
]
MENTION_REPLIES = [
    "@{handle} a travaillé sur ce sujet {place}, pourrais-tu partager tes notes ?",
    "J'ajoute @{handle}, qui a mené un projet pilote semblable en {year}.",
    "@{handle}, je crois que ton équipe avait les chiffres de coûts ?",
]
QUOTE_LABEL = "{name} a écrit dans le message n° {number}"
WELCOME_TITLE = "Bienvenue ! Commencez ici : le fonctionnement de la communauté"
WELCOME_BODY = (
    "Bienvenue dans **{name}**. Cet espace permet aux professionnels de poser leurs questions, de partager "
    "leur expérience et d'apprendre les uns des autres.\n\n"
    "- Présentez-vous en répondant : qui vous êtes, où vous travaillez et ce que vous espérez apprendre.\n"
    "- Utilisez les **questions** quand vous attendez une réponse, et marquez celle qui vous a aidé.\n"
    "- Ajoutez des mots-clés à vos discussions pour qu'on les retrouve facilement.\n"
    "- Partagez ce qui a marché *et* ce qui n'a pas marché.\n\n"
    "Les modérateurs sont là pour vous aider. Signalez tout ce qui vous semble déplacé."
)
INTRO_GREETINGS = [
    "Bonjour à tous !", "Bonjour à toutes et à tous.", "Bonsoir à tous.", "Un plaisir de vous rejoindre.",
    "Bonjour, je lis depuis longtemps et je poste enfin.", "Merci pour l'accueil.", "Bonjour de la part "
    "de toute notre équipe.", "Quel plaisir de rejoindre ce groupe.",
]  # fmt: skip
INTRO_WORK = [
    "Je travaille pour {org} sur {subject}.",
    "Hydrologue de formation, je coordonne une petite équipe au sein de {org}.",
    "Je m'occupe des programmes de {org}.",
    "J'enseigne la gestion de l'eau et je conseille {org} à temps partiel.",
    "Je m'occupe des opérations de terrain pour {org}.",
    "Je dirige la cellule de suivi-évaluation de {org}.",
    "Je travaille {place} sur {subject}, dans un bureau d'études.",
    "J'anime un réseau d'associations d'usagers de l'eau.",
]
INTRO_HOPES = [
    "Au plaisir d'échanger avec vous.",
    "J'aimerais savoir comment d'autres font durer les projets après la fin des financements.",
    "Je partage volontiers nos outils de suivi avec qui le souhaite.",
    "Les exemples concrets venant d'autres bassins m'intéressent particulièrement.",
    "Je vais surtout lire au début, mais n'hésitez pas à me poser des questions.",
    "J'espère trouver des partenaires pour une proposition commune l'an prochain.",
    "J'ai hâte de voir ce qui a fonctionné ailleurs dans le bassin.",
    "Je cherche surtout des retours sur le travail avec les collectivités locales.",
]
NEWCOMER_POSTS = [
    "Premier message ici. Nous débutons sur ce sujet et cette discussion répond déjà à la moitié de mes questions.",
    "Je viens de rejoindre la communauté. Nous observons la même tendance {place} ; je partagerai nos chiffres dès qu'ils seront validés.",
]

TOPIC_FOLLOW_UPS = {
    "bassin-du-niger": [
        (
            "Les lâchers du barrage sont-ils annoncés aux riziculteurs en aval ?",
            [
                "Oui, par la radio communautaire et par SMS aux chefs de village, au moins dix jours à l'avance.",
                "Pas toujours ; l'an dernier, un lâcher a surpris les pêcheurs {place}.",
            ],
        ),
        (
            "Quel délai de prévision obtenez-vous pour la crue ?",
            [
                "Environ trois semaines pour le delta intérieur, grâce aux stations en amont sur le Bani.",
                "Une dizaine de jours seulement, car deux stations amont sont en panne depuis {year}.",
            ],
        ),
        (
            "Les comités locaux de l'eau ont-ils un budget propre ?",
            [
                "Une petite part des redevances leur revient depuis {year}, assez pour les réunions et les déplacements.",
                "Non, ils dépendent encore des projets, ce qui les fragilise dès que le financement s'arrête.",
            ],
        ),
    ],
}
TOPIC_REPLIES = {
    "bassin-du-niger": [
        "Dans le delta intérieur, la crue arrive maintenant avec trois semaines de retard par rapport aux années "
        "quatre-vingt.",
        "L'ensablement gagne du terrain chaque saison sèche ; le curage manuel ne suffit plus sur certains tronçons.",
        "Le partage des données hydrologiques entre les pays du bassin s'est nettement amélioré depuis {year}.",
    ],
}
