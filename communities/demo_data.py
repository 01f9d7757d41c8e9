"""The demo communities: real water-management topics, co-convened by partner organisations.

(slug, name, tagline, topics, visibility, join_policy, partners, description)
"""

PUBLIC, PRIVATE, HIDDEN = "public", "private", "hidden"
OPEN, REQUEST, INVITE = "open", "request", "invite"

COMMUNITIES = [
    (
        "transboundary-water-cooperation",
        "Transboundary Water Cooperation",
        "Sharing rivers, lakes and aquifers across borders",
        ["transboundary water", "water diplomacy", "river basin organisations"],
        PUBLIC,
        OPEN,
        [("Regional Water Partnership", "co-convenor"), ("International Water Law Network", "co-convenor")],
        "More than 300 river and lake basins and almost 600 aquifers cross national borders. This community "
        "brings together staff of river basin organisations, foreign and water ministries, lawyers and "
        "researchers who work on **joint management of shared waters**.\n\n"
        "We compare how basin agreements are negotiated and kept alive: data and information exchange, joint "
        "monitoring, benefit sharing, notification of planned measures and dispute prevention. Expect practical "
        "threads on treaty implementation, the two global water conventions, and lessons from basins such as the "
        "Senegal, the Danube, the Mekong and the Nile.",
    ),
    (
        "river-restoration",
        "River Restoration Practitioners",
        "Reconnecting rivers with their floodplains",
        ["river restoration", "environmental flows", "biodiversity"],
        PUBLIC,
        OPEN,
        [("River Keepers Alliance", "co-convenor"), ("Freshwater Ecology Institute", "scientific partner")],
        "For practitioners who remove barriers, re-meander channels, reconnect floodplains and restore riparian "
        "vegetation. We share designs, monitoring protocols and the hard-won lessons about permits, land owners "
        "and maintenance.\n\n"
        "Typical questions: how do we set restoration targets when there is no reference condition? What does "
        "post-project monitoring need to show after five years? How do we make the case for dam removal to a "
        "municipality?",
    ),
    (
        "nature-based-solutions",
        "Nature-based Solutions for Water",
        "Green and grey infrastructure working together",
        ["nature-based solutions", "green infrastructure", "climate adaptation"],
        PUBLIC,
        OPEN,
        [("Wetlands Action Trust", "co-convenor"), ("Development Bank Water Unit", "co-convenor")],
        "Forests that regulate runoff, wetlands that treat wastewater, floodplains that store peak flows: "
        "nature-based solutions can deliver water services at lower cost and with co-benefits. This community "
        "works on the practical side: **designing, costing, financing and maintaining** them.\n\n"
        "We collect case studies with numbers (cost per cubic metre stored, maintenance budgets, performance "
        "during extreme events) and discuss how to bring nature-based options into feasibility studies next to "
        "conventional engineering.",
    ),
    (
        "drought-management",
        "Drought Preparedness and Management",
        "From crisis response to risk management",
        ["drought", "early warning", "water allocation"],
        PUBLIC,
        OPEN,
        [("Drought Monitoring Centre", "co-convenor"), ("Ministry of Water and Irrigation", "host")],
        "Drought plans, early warning indicators, triggers for restrictions, and the social side of scarcity. "
        "Members include national drought focal points, utility planners, meteorologists and farmer "
        "organisations.\n\n"
        "We move the conversation from emergency response to proactive risk management: monitoring, "
        "vulnerability assessment and measures agreed *before* the next dry year.",
    ),
    (
        "groundwater-governance",
        "Groundwater Governance",
        "Managing the invisible resource",
        ["groundwater", "aquifers", "water governance"],
        PUBLIC,
        REQUEST,
        [("Groundwater Resources Centre", "co-convenor"), ("Hydrology Research Centre", "co-convenor")],
        "Groundwater supplies half of the world's drinking water and much of its irrigation, yet it is rarely "
        "measured and even more rarely governed. This community connects hydrogeologists, regulators and water "
        "user associations working on **abstraction permits, monitoring networks, managed aquifer recharge and "
        "collective action** among well owners.\n\n"
        "Membership is by request so that discussions can include draft regulations and unpublished monitoring "
        "data; tell the moderators a line about your work.",
    ),
    (
        "flood-risk-management",
        "Flood Risk Management",
        "Living with floods, reducing the damage",
        ["floods", "disaster risk reduction", "early warning"],
        PUBLIC,
        OPEN,
        [("Flood Forecasting Network", "co-convenor"), ("Municipal Water Utility", "partner")],
        "Forecasting, early warning, land-use planning, flood defences and recovery. We discuss integrated flood "
        "management at basin scale and the last mile of warnings: how a forecast becomes an evacuation.\n\n"
        "Threads often compare hydrological models, community-based warning systems and insurance schemes.",
    ),
    (
        "water-governance",
        "Water Governance and Institutions",
        "Who decides, how, and with what accountability",
        ["water governance", "IWRM", "stakeholder participation"],
        PUBLIC,
        OPEN,
        [("Centre for Water Policy", "co-convenor"), ("Regional Water Partnership", "co-convenor")],
        "Laws, institutions, permits, basin councils and participation. This is the place for questions on "
        "integrated water resources management in practice: how mandates are split between ministries, how basin "
        "committees work, and how accountability reaches the people who use the water.",
    ),
    (
        "source-to-sea",
        "Source-to-Sea Management",
        "Connecting land, freshwater, coasts and oceans",
        ["source-to-sea", "coastal management", "pollution"],
        PUBLIC,
        OPEN,
        [("Source-to-Sea Platform", "co-convenor"), ("Coastal Zone Institute", "co-convenor")],
        "What happens upstream shows up downstream: sediment, nutrients, plastics and altered flows shape deltas, "
        "estuaries and coastal fisheries. We bring together river basin managers and coastal and marine planners "
        "to work across the segments of the source-to-sea system.",
    ),
    (
        "wash-services",
        "WASH Service Delivery",
        "Safe water, sanitation and hygiene that last",
        ["WASH", "sanitation", "rural water supply"],
        PUBLIC,
        OPEN,
        [("Community Water Committee Network", "co-convenor"), ("Delta Water Services", "partner")],
        "For people who build, run and regulate water supply and sanitation services: utilities, service "
        "authorities, NGOs and small operators. We discuss functionality of rural water points, tariffs, "
        "faecal sludge management, hygiene promotion and service monitoring.",
    ),
    (
        "gender-and-water",
        "Gender and Water",
        "Equal voice in water decisions",
        ["gender and water", "inclusion", "stakeholder participation"],
        PUBLIC,
        OPEN,
        [("Women for Water Partnership", "co-convenor"), ("Centre for Water Policy", "co-convenor")],
        "Women carry most of the burden of collecting water and are under-represented where water is managed. "
        "This community shares tools for gender analysis, examples of inclusive water user associations, and "
        "ways to measure whether a project changed who decides.",
    ),
    (
        "youth-and-water",
        "Youth and Water",
        "Young professionals shaping the water sector",
        ["youth and water", "careers", "capacity building"],
        PUBLIC,
        OPEN,
        [("Youth Water Network", "co-convenor"), ("Institute for Water Education", "co-convenor")],
        "Students and young professionals in water: mentoring, career advice, calls for papers and fellowships, "
        "and youth-led projects. Senior members are welcome to answer questions and offer mentoring sessions.",
    ),
    (
        "urban-water",
        "Urban Water Resilience",
        "Cities that are water-wise",
        ["urban water", "stormwater", "water reuse"],
        PUBLIC,
        OPEN,
        [("Municipal Water Utility", "co-convenor"), ("School of Civil Engineering", "scientific partner")],
        "Integrated urban water management: stormwater, sponge city measures, non-revenue water, reuse and "
        "demand management. Members include utility engineers, urban planners and researchers.",
    ),
    (
        "water-energy-food-nexus",
        "Water-Energy-Food Nexus",
        "Trade-offs and synergies across sectors",
        ["water-energy-food nexus", "hydropower", "irrigation"],
        PUBLIC,
        REQUEST,
        [("Nexus Dialogue Programme", "co-convenor"), ("International Water Management Institute", "co-convenor")],
        "Hydropower, irrigation and drinking water compete for the same water. This community works on nexus "
        "assessments, cross-sector dialogues and investment planning that accounts for the trade-offs.",
    ),
    (
        "wetlands",
        "Wetlands Conservation and Wise Use",
        "Protecting the kidneys of the landscape",
        ["wetlands", "biodiversity", "nature-based solutions"],
        PUBLIC,
        OPEN,
        [("Wetlands Action Trust", "co-convenor"), ("Regional Wetlands Centre", "co-convenor")],
        "Site managers, scientists and community groups working on wetland inventories, management plans, "
        "restoration of peatlands and mangroves, and wise use by local communities.",
    ),
    (
        "water-finance",
        "Water Finance and Investment",
        "Mobilising money for water security",
        ["water finance", "blended finance", "tariffs"],
        PRIVATE,
        REQUEST,
        [("BlueFinance Advisors", "co-convenor"), ("Development Bank Water Unit", "co-convenor")],
        "Blended finance, creditworthiness of utilities, results-based financing, water funds and the economics "
        "of water. The community is private because members share draft financing structures and "
        "deal terms.",
    ),
    (
        "climate-adaptation-water",
        "Climate Adaptation through Water",
        "Adaptation happens through water",
        ["climate adaptation", "resilience", "climate finance"],
        PUBLIC,
        OPEN,
        [("Climate Resilience Alliance", "co-convenor"), ("UN Water Programme Office", "partner")],
        "National adaptation plans, climate risk assessments for water infrastructure, and access to climate "
        "finance for water projects. We compare methods for decision-making under deep uncertainty.",
    ),
    (
        "water-quality-monitoring",
        "Water Quality Monitoring",
        "Data you can trust, from sensor to decision",
        ["water quality", "monitoring", "citizen science"],
        PUBLIC,
        OPEN,
        [("AquaMetrics Ltd", "partner"), ("Hydrology Research Centre", "co-convenor")],
        "Monitoring programmes, laboratory quality assurance, low-cost sensors, citizen science and reporting on "
        "SDG indicator 6.3.2. Bring your questions on sampling design and data management.",
    ),
    (
        "environmental-flows",
        "Environmental Flows",
        "Water for rivers and the people who depend on them",
        ["environmental flows", "river restoration", "hydropower"],
        PUBLIC,
        OPEN,
        [("Freshwater Ecology Institute", "co-convenor"), ("River Keepers Alliance", "co-convenor")],
        "Assessment methods, implementation through permits and dam operations, and monitoring of ecological "
        "outcomes. Practitioners from basin agencies and hydropower operators share experience.",
    ),
    (
        "irrigation-efficiency",
        "Irrigation and Agricultural Water",
        "More crop per drop, without the rebound",
        ["irrigation", "agriculture", "water accounting"],
        PUBLIC,
        OPEN,
        [("Irrigation Solutions Co.", "partner"), ("Water User Association Federation", "co-convenor")],
        "Irrigation modernisation, water accounting, remote sensing of evapotranspiration and the paradox of "
        "efficiency. Farmers' organisations and irrigation agencies are especially welcome.",
    ),
    (
        "hydrological-data-sharing",
        "Hydrological Data and Modelling",
        "Open data, shared models, better decisions",
        ["hydrological modelling", "data sharing", "remote sensing"],
        PUBLIC,
        OPEN,
        [("Hydrology Research Centre", "co-convenor"), ("Smart Sensors for Water", "partner")],
        "Hydrological monitoring networks, data portals, model intercomparison and the use of satellite "
        "products. We also discuss data-sharing agreements between countries and agencies.",
    ),
    (
        "lake-basin-management",
        "Lake Basin Management",
        "Lakes as integrators of their basins",
        ["lakes", "water quality", "transboundary water"],
        PRIVATE,
        REQUEST,
        [("Lake Basin Authority", "co-convenor"), ("Lake Chad Basin Commission", "co-convenor")],
        "Lake managers and researchers working on eutrophication, water levels, fisheries and invasive species. "
        "Private while the network prepares a joint assessment.",
    ),
    (
        "water-diplomacy-dialogue",
        "Water Diplomacy Dialogue",
        "A closed room for negotiators and mediators",
        ["water diplomacy", "transboundary water", "conflict prevention"],
        HIDDEN,
        INVITE,
        [("International Water Law Network", "co-convenor"), ("Regional Water Partnership", "co-convenor")],
        "A confidential, invitation-only space for people involved in ongoing negotiations on shared waters. "
        "Chatham House rule applies to every thread.",
    ),
    (
        "basin-commission-secretariats",
        "Basin Commission Secretariats",
        "Peer exchange among secretariat staff",
        ["river basin organisations", "water governance", "transboundary water"],
        HIDDEN,
        INVITE,
        [("Nile Basin Initiative", "co-convenor"), ("Mekong River Commission", "co-convenor")],
        "Executive secretaries and senior staff of basin commissions compare work plans, financing of "
        "secretariats and the practicalities of serving member states.",
    ),
    (
        "utility-leaders-circle",
        "Utility Leaders Circle",
        "Managing directors of water utilities",
        ["urban water", "utility management", "water finance"],
        PRIVATE,
        INVITE,
        [("Municipal Water Utility", "host"), ("Delta Water Services", "partner")],
        "Peer learning among managing directors: governance reforms, performance contracts, non-revenue water "
        "and labour relations. By invitation.",
    ),
    (
        "mountain-water-glaciers",
        "Mountain Water and Glaciers",
        "Water towers under pressure",
        ["glaciers", "climate adaptation", "snow hydrology"],
        PUBLIC,
        OPEN,
        [("Mountain Research Initiative", "co-convenor"), ("Hydrology Research Centre", "partner")],
        "Glacier retreat, snowmelt timing and what they mean for downstream water security, from the Andes to "
        "the Himalaya and Central Asia.",
    ),
    (
        "desalination-and-reuse",
        "Desalination and Water Reuse",
        "New water from old and salty sources",
        ["water reuse", "desalination", "urban water"],
        PUBLIC,
        REQUEST,
        [("Water Reuse Association", "co-convenor"), ("Hydroconsult Engineering", "partner")],
        "Potable and non-potable reuse, brine management, energy use and public acceptance. Members share "
        "tender documents and operating data, so membership is by request.",
    ),
    (
        "sandbox-community-design-2025",
        "CoP Design Cohort 2025 (archived)",
        "The first cohort of the community design programme",
        ["community design", "capacity building"],
        PRIVATE,
        INVITE,
        [("Institute for Water Education", "host")],
        "The working space of the 2025 cohort of community leaders in the design programme. Archived: readable "
        "by its members, closed to new posts.",
    ),
]

# Communities that run in French or Spanish: (slug, ..., description, language); their members
# are mostly demo members whose preferred language it is, and their threads are in it.
LANGUAGE_COMMUNITIES = [
    (
        "bassin-du-niger",
        "Bassin du Niger : gestion partagée de l'eau",
        "Neuf pays, un fleuve : crues, étiages et usages partagés",
        ["bassin du Niger", "GIRE", "sécheresse", "organismes de bassin"],
        PUBLIC,
        OPEN,
        [("Autorité du bassin du Niger", "co-organisateur"), ("Réseau des organismes de bassin", "partenaire")],
        "Le Niger traverse neuf pays, de la Guinée au Nigeria, et fait vivre plus de cent millions de "
        "personnes. Cette communauté de pratique réunit les agents des services de l'hydraulique, de "
        "l'Autorité du bassin du Niger, des organisations paysannes et de la recherche autour de la **gestion "
        "intégrée des ressources en eau (GIRE)** du bassin.\n\n"
        "On y échange sur la prévision des crues et des étiages, la gestion concertée des barrages, "
        "l'irrigation dans le delta intérieur, l'ensablement du fleuve et l'alerte précoce à la sécheresse. "
        "Les discussions se tiennent en français ; les contributions en anglais sont bienvenues.",
        "fr",
    ),
    (
        "glaciares-andinos",
        "Glaciares andinos y agua de montaña",
        "Retroceso glaciar, lagunas y seguridad hídrica en los Andes",
        ["glaciares", "Andes", "adaptación al cambio climático", "cuencas de montaña"],
        PUBLIC,
        OPEN,
        [("Red Andina de Monitoreo Glaciar", "coorganizador"), ("Centro de Investigación en Hidrología", "socio")],
        "Los glaciares tropicales de los Andes han perdido cerca de la mitad de su superficie desde los años "
        "setenta. Esta comunidad de práctica reúne a técnicos de las autoridades del agua, investigadores, "
        "juntas de usuarios y comunidades campesinas de Perú, Bolivia, Ecuador, Colombia, Chile y Argentina.\n\n"
        "Compartimos métodos de **monitoreo glaciar**, experiencias con lagunas peligrosas y alerta temprana, "
        "la protección de bofedales y la planificación del agua en cuencas donde el aporte glaciar disminuye. "
        "Las conversaciones son en español.",
        "es",
    ),
]
COMMUNITY_LANGUAGES = {row[0]: row[-1] for row in LANGUAGE_COMMUNITIES}

MODERATORS_COMMUNITY = (
    "moderators",
    "Community for Moderators",
    "Where the people who run communities help each other",
    ["moderation", "community management"],
    "Every moderator and owner of a community on the hub belongs here automatically. Share what works: "
    "welcoming newcomers, keeping threads on topic, handling flags, running online events and writing a "
    "charter people actually read.",
)
