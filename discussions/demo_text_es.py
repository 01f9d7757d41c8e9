"""Voz en español de las discusiones de demostración (los mismos nombres que demo_text).

{place} lleva su preposición ("en Huaraz", "en la cordillera Blanca") y {subject} su artículo;
las plantillas nunca los ponen después de "de" o "a", para no escribir "de el" ni "a el".
"""

LANGUAGE = "es"

SUBJECTS = {
    "glaciares-andinos": [
        "el balance de masa de los glaciares",
        "las lagunas glaciares peligrosas",
        "la medición de caudales en cabecera",
        "los bofedales altoandinos",
        "las estaciones meteorológicas de altura",
        "la gestión del agua en cuencas con retroceso glaciar",
        "el monitoreo participativo con comunidades campesinas",
        "la siembra y cosecha de agua",
        "los sistemas de alerta temprana ante aluviones",
        "la planificación hídrica en las juntas de usuarios",
    ],
}
PLACES = [
    "en la cordillera Blanca", "en Huaraz", "en el Altiplano", "en Cusco", "en La Paz", "en Quito",
    "en Mendoza", "en la cuenca del Santa", "en el valle del Mantaro", "en Cochabamba", "en la cordillera Real",
    "en el norte de Chile", "en Huancayo", "en la cuenca del Rímac",
]  # fmt: skip
ORGS = [
    "la Autoridad Nacional del Agua", "nuestra ONG", "la universidad", "la junta de usuarios",
    "la municipalidad de Huaraz", "una mancomunidad de la sierra", "la empresa de agua de La Paz",
    "nuestro instituto", "un proyecto de cooperación", "la oficina regional de meteorología",
]  # fmt: skip
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]

DISCUSSION_TITLES = [
    "Experiencias {place} con {subject}",
    "{Subject}: lo que funcionó y lo que no",
    "¿Cómo están abordando {subject} {place}?",
    "Busco ejemplos concretos sobre {subject}",
    "{Subject} con poco presupuesto",
    "Borrador de guía sobre {subject}: se agradecen comentarios",
    "{Subject} después de la temporada {year}",
    "Notas del taller sobre {subject}",
    "¿Alguien está evaluando {subject}?",
    "{Subject} {place}: un caso breve",
    "Por qué el trabajo en {subject} sigue estancado",
]
QUESTION_TITLES = [
    (
        "¿Qué indicadores usan para {subject}?",
        [
            "Nosotros reportamos tres: cobertura, funcionamiento a los {n} meses y satisfacción de los usuarios. "
            "Son simples, pero el ministerio los entendió enseguida.",
            "Empiecen por lo que {org} ya recoge y añadan una o dos medidas propias. Un indicador que nadie tiene "
            "tiempo de levantar no sirve.",
            "Eliminamos la mitad de nuestra lista después del primer año. Quedaron los que el personal de campo "
            "usaba en sus propias reuniones.",
        ],
    ),
    (
        "¿Cómo financian {subject}?",
        [
            "Con una mezcla de tarifas y una donación por resultados, que cubrió el {n} % de la inversión inicial.",
            "Sobre todo con presupuesto nacional, más una pequeña retribución por uso del agua que vuelve a la cuenca.",
            "Sinceramente, con tres proyectos de cooperación seguidos. Ahora buscamos una partida presupuestaria fija.",
        ],
    ),
    (
        "¿Hay una buena plantilla para {subject}?",
        [
            "{Org} tiene una que adaptamos; cabe en cuatro páginas y por eso la gente la llena.",
            "Partimos de los lineamientos regionales de {year} y los recortamos bastante. Puedo compartir nuestra "
            "versión.",
        ],
    ),
    (
        "¿Quién ha trabajado en {subject} {place}?",
        [
            "Tuvimos un proyecto de dos años allí hasta {year}. El equipo de campo ya no está, pero los informes "
            "son públicos.",
            "Yo no directamente, pero una colega de {org} dirigió el estudio. Le pediré que se sume al hilo.",
        ],
    ),
    (
        "¿Qué plazo es realista para {subject}?",
        [
            "{Place}, tardamos unos {n} meses desde la idea hasta los primeros resultados; casi todo el retraso fue "
            "por contrataciones.",
            "Cuenten con dos temporadas completas antes de evaluar. La primera sirve sobre todo para crear hábitos.",
            "Calculamos un año y nos tomó tres, porque primero hubo que modificar la resolución administrativa.",
        ],
    ),
    (
        "¿Existen datos abiertos sobre {subject}?",
        [
            "La mejor fuente que conozco es el portal regional de {org}, con datos diarios desde {year}.",
            "Hay una base nacional, pero hay que pedirla por oficio. A nosotros nos llegó en un mes.",
        ],
    ),
]
OPENINGS = [
    "En {org} trabajamos en {subject} desde {year}, sobre todo {place}.",
    "Estoy preparando una nota sobre {subject} para {org} y me gustaría comparar enfoques.",
    "Vamos a iniciar un piloto {place}, centrado en {subject}.",
    "Después de dos temporadas difíciles, {org} está replanteando su manera de abordar {subject}.",
    "Nos pidieron un plan de acción sobre {subject} para fin de trimestre.",
    "Acabo de volver de una misión {place}, donde en todas las reuniones se habló sobre {subject}.",
]
MIDDLES = [
    "La parte técnica está bastante clara; lo difícil es poner de acuerdo a {n} instituciones.",
    "El presupuesto es ajustado: tenemos cerca del {n} % de lo que suponía el diseño original.",
    "Los datos tienen vacíos de varios meses en la mayoría de nuestras {n} estaciones.",
    "Las autoridades locales nos apoyan, pero la rotación de personal obliga a capacitar cada año.",
    "El primer enfoque, encargado a una consultora, no sobrevivió al fin del financiamiento.",
    "Las comunidades se involucran cuando ven resultados en la misma temporada, mucho menos después.",
]
ASKS = [
    (
        "¿Cómo lo resolvieron donde ustedes trabajan?",
        [
            "Nosotros separamos los niveles: un grupo técnico que se reúne cada mes y el comité directivo dos "
            "veces al año.",
            "Avanzamos distrito por distrito, empezando donde el alcalde estaba más interesado.",
        ],
    ),
    (
        "Cualquier ejemplo, aunque sea parcial, me ayudaría mucho.",
        [
            "Un ejemplo modesto {place}: {n} sitios piloto, un solo coordinador y una hoja de cálculo compartida. "
            "Funcionó mejor que la plataforma que compramos después.",
            "El nuestro es pequeño pero está documentado: dos páginas sobre lo que probamos en {year} y por qué "
            "cambiamos de método.",
        ],
    ),
    (
        "¿Alguien documentó lo que no funcionó?",
        [
            "Escribimos una nota interna después de la temporada {year}. El error principal fue transferir "
            "demasiado pronto; puedo enviársela.",
            "La evaluación intermedia de nuestro programa dedica un capítulo entero a eso. En resumen: "
            "subestimamos el mantenimiento.",
        ],
    ),
    (
        "¿Qué socios marcaron la diferencia para ustedes?",
        [
            "Las comunidades campesinas, sin duda. Cuando se convencieron, las autoridades las siguieron.",
            "El instituto de estadística, aunque parezca raro. Sus cifras dieron credibilidad a las nuestras.",
        ],
    ),
    (
        "¿Qué harían distinto si empezaran de nuevo?",
        [
            "Presupuestaría el segundo y el tercer año desde el inicio, en vez de esperar una segunda fase.",
            "Dedicaría los primeros tres meses a escuchar. Diseñamos todo antes de saber quién decide de verdad.",
        ],
    ),
]
LIST_INTROS = ["Lo que tenemos hasta ahora:", "Nuestro plan actual:", "Las opciones que evaluamos:"]
LIST_ITEMS = [
    "una línea de base en {n} comunidades",
    "reuniones trimestrales con los usuarios",
    "un tablero sencillo para los responsables",
    "la capacitación de {n} técnicos",
    "un convenio con {org}",
    "visitas de campo cada mes",
    "una evaluación independiente al cabo del primer año",
]
REPLIES = [
    "Tuvimos el mismo problema {place}. Lo que ayudó fue acordar primero {n} indicadores clave.",
    "En nuestra experiencia, nada se sostiene si la partida presupuestaria desaparece al terminar el proyecto.",
    "{Org} publicó una guía breve sobre esto el año pasado; busco el enlace.",
    "Probamos algo parecido en {year}. La primera temporada fue difícil, la segunda mucho mejor.",
    "Yo empezaría en pequeño: una zona piloto, roles claros y una revisión a los seis meses.",
    "{Place}, el comité de gestión funciona bien porque la presidencia rota entre sectores.",
    "El personal local tiene que apropiarse de los datos desde el primer día; si no, el sistema muere con el proyecto.",
    "Nuestra lección: involucrar pronto al ministerio de Economía, o el tema queda al margen.",
    "Medimos una mejora del {n} % en dos años, aunque tomó más tiempo de lo previsto.",
    "Una advertencia: el costo de mantenimiento casi siempre se subestima, a veces hasta el triple.",
    "Empezamos con un mapeo participativo. Cambió por completo nuestras prioridades.",
    "{Place}, el punto de inflexión fue un mandato legal claro para la entidad responsable.",
    "El taller regional de {year} tuvo una sesión justo sobre esto; las presentaciones están en la biblioteca.",
    "Las organizaciones de mujeres fueron nuestras aliadas más constantes, y no estaban en el diseño original.",
    "Publicamos un resumen de una página cada trimestre y se lee mucho más que el informe completo.",
    "Nuestro punto débil fue la logística: los repuestos tardaban {n} semanas en llegar a la sierra.",
]
FOLLOW_UPS = [
    (
        "¿Tienen cifras de costos de operación?",
        [
            "Aproximadamente el {n} % de la inversión al año, sobre todo personal y repuestos.",
            "Para nuestros {n} sitios, el equivalente a dos sueldos de técnico al año, más combustible.",
        ],
    ),
    (
        "¿Quién se encarga del mantenimiento cuando termina el proyecto?",
        [
            "La oficina municipal de agua lo asumió, con un pequeño aporte de los usuarios para reparaciones.",
            "Un operador local con contrato de cinco años. No es perfecto, pero hasta ahora nada se ha abandonado.",
        ],
    ),
    (
        "¿Cómo mantuvieron el interés de las comunidades después de la primera temporada?",
        [
            "Les dejamos una decisión real en cada temporada, no solo datos que reportar.",
            "Con reuniones mensuales que conduce el propio comité; nuestro equipo va solo a una de cada tres.",
        ],
    ),
    (
        "¿El ministerio participó desde el inicio?",
        [
            "Solo desde el segundo año, y ese retraso nos costó casi todo el primero.",
            "Sí, un punto focal estuvo en el comité desde la primera reunión y eso aceleró las aprobaciones.",
        ],
    ),
    (
        "¿Cómo validaron los datos de las estaciones de altura?",
        [
            "Con aforos manuales cada {n} semanas y una comparación con los datos satelitales.",
            "Con visitas cruzadas entre dos equipos y una revisión trimestral de la universidad.",
        ],
    ),
    (
        "¿El informe de evaluación es público?",
        [
            "Sí, está en la página de {org}, y hay un resumen en nuestro estudio de caso.",
            "Todavía no; lo está revisando el financiador. Debería salir después de la temporada de lluvias.",
        ],
    ),
]
LEADS = [
    "Gracias por abrir este tema.",
    "Buena pregunta.",
    "Coincide con lo que vimos nosotros.",
    "Un pequeño aporte a lo que ya se dijo.",
    "Para sumar nuestro caso.",
    "Lo confirmo desde nuestra experiencia.",
]
THANKS = [
    "Muy útil, gracias. Lo guardo para la reunión de equipo de la próxima semana.",
    "Gracias a todos, ya tengo material para un primer borrador.",
    "Excelente hilo, lo compartí con mis colegas.",
    "Gracias, es justo el tipo de experiencia que buscaba.",
    "Muy esclarecedor, sobre todo lo del costo de mantenimiento.",
]
MENTION_REPLIES = [
    "@{handle} trabajó en esto {place}, ¿podrías compartir tus notas?",
    "Sumo a @{handle}, que dirigió un piloto parecido en {year}.",
    "@{handle}, creo que tu equipo tenía las cifras de costos, ¿verdad?",
]
QUOTE_LABEL = "{name} escribió en el mensaje n.º {number}"
WELCOME_TITLE = "¡Bienvenidos! Empiecen aquí: cómo funciona esta comunidad"
WELCOME_BODY = (
    "Bienvenidos a **{name}**. Este es un espacio para que profesionales hagan preguntas, compartan "
    "experiencias y aprendan unos de otros.\n\n"
    "- Preséntense en una respuesta: quiénes son, dónde trabajan y qué esperan aprender.\n"
    "- Usen las **preguntas** cuando necesiten una respuesta y marquen la que les sirvió.\n"
    "- Agreguen etiquetas a sus hilos para que otros los encuentren.\n"
    "- Compartan lo que funcionó *y* lo que no.\n\n"
    "Los moderadores están para ayudar. Señalen cualquier cosa que parezca fuera de lugar."
)
INTRO_GREETINGS = [
    "¡Hola a todos!", "Saludos cordiales.", "Buenas tardes a todos.", "Un gusto unirme.",
    "Hola, leo hace tiempo y por fin escribo.", "Gracias por la bienvenida.", "Un saludo de parte de todo "
    "nuestro equipo.", "Qué gusto formar parte de este grupo.",
]  # fmt: skip
INTRO_WORK = [
    "Trabajo en {org}, sobre todo en {subject}.",
    "Me formé en hidrología y coordino un pequeño equipo en {org}.",
    "Soy oficial de programa en {org}.",
    "Enseño gestión del agua y asesoro a {org} a tiempo parcial.",
    "Me ocupo de las operaciones de campo de {org}.",
    "Dirijo la unidad de monitoreo de {org}.",
    "Trabajo {place} en {subject}, desde una consultora.",
    "Coordino una red de juntas de usuarios de agua.",
]
INTRO_HOPES = [
    "Espero aprender mucho con ustedes.",
    "Me interesa saber cómo otros sostienen los proyectos cuando se acaba el financiamiento.",
    "Comparto con gusto nuestras herramientas de monitoreo.",
    "Me interesan sobre todo los ejemplos concretos de otras cuencas.",
    "Al principio leeré más de lo que escribo, pero pregúntenme lo que quieran.",
    "Ojalá encontremos socios para una propuesta conjunta el próximo año.",
    "Tengo curiosidad por ver qué funcionó en otros países andinos.",
    "Busco sobre todo experiencias de trabajo con gobiernos locales.",
]
NEWCOMER_POSTS = [
    "Primer mensaje aquí. Recién empezamos con este tema y este hilo ya responde la mitad de mis preguntas.",
    "Es mi primer mensaje en la comunidad. Vemos la misma tendencia {place}; compartiré nuestras cifras cuando estén validadas.",
]

TOPIC_FOLLOW_UPS = {
    "glaciares-andinos": [
        (
            "¿Con qué frecuencia miden el balance de masa?",
            [
                "Dos campañas al año, al final de la temporada seca y de la húmeda, con balizas en {n} puntos.",
                "Una vez al año en el glaciar principal y con imágenes satelitales en los demás.",
            ],
        ),
        (
            "¿La laguna tiene un sistema de alerta conectado a la población?",
            [
                "Sí, con sensores de nivel y sirenas en tres comunidades; se prueba cada seis meses.",
                "Todavía no; por ahora dependemos de las visitas de los guardaparques.",
            ],
        ),
        (
            "¿Cómo participan las comunidades campesinas en el monitoreo?",
            [
                "Los comuneros leen los limnímetros cada mañana y envían los datos por mensaje de texto.",
                "A través de la junta de usuarios, que designa a dos vigilantes por temporada.",
            ],
        ),
    ],
}
TOPIC_REPLIES = {
    "glaciares-andinos": [
        "El glaciar que monitoreamos perdió {n} metros de espesor en la última década, y el caudal de estiaje ya lo refleja.",
        "Los bofedales bien manejados regulan el caudal casi tanto como un pequeño reservorio.",
        "La siembra de agua con zanjas de infiltración dio resultados visibles en los manantiales al segundo año.",
    ],
}
