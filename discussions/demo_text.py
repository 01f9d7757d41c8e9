"""English voice of the demo discussions: plausible practitioner talk, one topic per community.

Every voice module (this one, demo_text_fr, demo_text_es) has the same names.  Questions
come with the answers that fit them, so a reply that quotes a question answers it; the
generator draws each template at most once per thread, so no sentence repeats in a thread.
French and Spanish templates take {place} with its preposition ("à Mopti", "en Huaraz").
"""

LANGUAGE = "en"

# Subjects per community (slug); unknown communities fall back to their topic names.
SUBJECTS = {
    "transboundary-water-cooperation": [
        "data exchange protocols between riparian states",
        "joint monitoring of transboundary aquifers",
        "notification of planned measures",
        "benefit-sharing arrangements",
        "joint basin commissions",
        "the two global water conventions",
        "hydropower operations on shared rivers",
        "dispute prevention clauses",
    ],
    "river-restoration": [
        "floodplain reconnection",
        "removing obsolete weirs",
        "fish passage design",
        "sediment continuity",
        "riparian buffer planting",
        "post-restoration monitoring",
        "re-meandering of straightened channels",
        "working with landowners on easements",
    ],
    "nature-based-solutions": [
        "sponge city measures",
        "mangrove restoration for coastal protection",
        "constructed wetlands",
        "catchment reforestation",
        "costing nature-based solutions",
        "green-grey infrastructure hybrids",
        "monitoring co-benefits",
        "natural flood management",
    ],
    "drought-management": [
        "drought early warning triggers",
        "SPI and SPEI thresholds",
        "drought contingency plans",
        "water allocation cuts during drought",
        "drought impact reporting",
        "soil moisture monitoring",
        "emergency groundwater use",
        "drought insurance for smallholders",
    ],
    "groundwater-governance": [
        "piezometer networks",
        "well licensing and registration",
        "managed aquifer recharge",
        "groundwater abstraction metering",
        "aquifer contracts with farmers",
        "saline intrusion",
        "groundwater data portals",
        "community-based groundwater monitoring",
    ],
    "flood-risk-management": [
        "flood early warning lead times",
        "flood hazard mapping",
        "community flood drills",
        "flood forecasting models",
        "levee maintenance budgets",
        "last-mile warning dissemination",
        "post-flood damage assessment",
        "retention basins",
    ],
    "water-governance": [
        "basin councils and stakeholder platforms",
        "water rights reform",
        "IWRM plans that get implemented",
        "decentralised water management",
        "accountability of water institutions",
        "water user associations",
        "integrity risk assessments",
        "cross-sector coordination",
    ],
    "source-to-sea": [
        "plastic leakage from rivers",
        "nutrient loads to coastal waters",
        "estuary management",
        "sediment budgets from source to sea",
        "marine litter monitoring",
        "coastal aquifer protection",
        "linking river basin and coastal plans",
        "wastewater discharges to the sea",
    ],
    "wash-services": [
        "rural water point functionality",
        "faecal sludge management",
        "handwashing stations in schools",
        "operation and maintenance financing",
        "water safety plans",
        "sanitation marketing",
        "solar-powered piped schemes",
        "service levels in informal settlements",
    ],
    "gender-and-water": [
        "women in water user committees",
        "gender-disaggregated water data",
        "menstrual health in schools",
        "time spent fetching water",
        "gender-responsive budgeting",
        "women engineers in utilities",
        "safety at sanitation facilities",
        "inclusive consultation methods",
    ],
    "youth-and-water": [
        "first jobs in the water sector",
        "youth parliaments for water",
        "mentoring programmes",
        "funding youth-led projects",
        "internships at basin organisations",
        "student water challenges",
        "networking at water conferences",
        "skills employers ask for",
    ],
    "urban-water": [
        "non-revenue water reduction",
        "stormwater harvesting",
        "water reuse for parks",
        "smart meters",
        "pressure management",
        "urban flooding from drainage failures",
        "utility customer engagement",
        "informal settlement connections",
    ],
    "water-energy-food-nexus": [
        "solar irrigation pumps",
        "reservoir operation for irrigation and hydropower",
        "nexus assessments",
        "energy use in water utilities",
        "trade-offs between hydropower and fisheries",
        "food security in dry years",
        "water footprint of crops",
        "cross-ministry nexus dialogues",
    ],
    "wetlands": [
        "Ramsar site management plans",
        "wetland inventories",
        "peatland rewetting",
        "wetland buffer zones",
        "urban wetlands",
        "wetland restoration costs",
        "bird counts as indicators",
        "wetland mapping with drones",
    ],
    "water-finance": [
        "blended finance for utilities",
        "tariff reviews",
        "credit ratings of water utilities",
        "results-based financing",
        "climate finance for water projects",
        "pooled finance for small towns",
        "cost recovery and affordability",
        "bankable project pipelines",
    ],
    "climate-adaptation-water": [
        "climate risk screening of water projects",
        "adaptation pathways",
        "national adaptation plans",
        "downscaled climate projections",
        "resilience indicators",
        "climate-proofing reservoirs",
        "adaptation finance proposals",
        "heatwaves and water demand",
    ],
    "water-quality-monitoring": [
        "citizen science water testing",
        "low-cost turbidity sensors",
        "E. coli field kits",
        "laboratory accreditation",
        "water quality indices",
        "nitrate monitoring",
        "data quality control for volunteer samples",
        "emerging contaminants",
    ],
    "environmental-flows": [
        "environmental flow assessments",
        "e-flow releases from dams",
        "holistic e-flow methods",
        "compliance monitoring of e-flows",
        "cultural flows",
        "e-flows in water allocation plans",
        "hydrological alteration indicators",
        "negotiating e-flows with hydropower operators",
    ],
    "irrigation-efficiency": [
        "drip irrigation adoption",
        "canal lining",
        "water accounting at scheme level",
        "irrigation scheduling apps",
        "the rebound effect of efficiency",
        "volumetric water pricing",
        "remote sensing of crop water use",
        "water user association fees",
    ],
    "hydrological-data-sharing": [
        "open hydrological data",
        "HYCOS station networks",
        "satellite rainfall products",
        "hydrological model calibration",
        "data sharing agreements",
        "WaterML and standards",
        "rating curve updates",
        "gap filling of river flow records",
    ],
    "lake-basin-management": [
        "lake level monitoring",
        "invasive water hyacinth",
        "fisheries co-management",
        "lake basin commissions",
        "algal bloom warnings",
        "shoreline development rules",
        "lake water balance studies",
        "nutrient reduction plans",
    ],
    "water-diplomacy-dialogue": [
        "track II dialogues",
        "confidence-building measures",
        "mediation in basin disputes",
        "shared data as a diplomatic tool",
        "regional integration and water",
        "briefing notes for negotiators",
        "scenario workshops",
        "preventive diplomacy",
    ],
    "basin-commission-secretariats": [
        "secretariat staffing",
        "member state contributions",
        "annual reporting",
        "basin-wide data systems",
        "council meeting preparation",
        "procurement rules",
        "donor coordination",
        "strategic plan reviews",
    ],
    "utility-leaders-circle": [
        "utility turnaround plans",
        "performance contracts",
        "customer service charters",
        "asset management",
        "energy efficiency in pumping",
        "regulator relations",
        "workforce succession",
        "billing system upgrades",
    ],
    "mountain-water-glaciers": [
        "glacier mass balance monitoring",
        "glacial lake outburst floods",
        "snow cover mapping",
        "springshed management",
        "high-altitude weather stations",
        "mountain community adaptation",
        "meltwater contributions to river flow",
        "permafrost and water supply",
    ],
    "desalination-and-reuse": [
        "brine disposal",
        "energy costs of desalination",
        "public acceptance of reuse",
        "indirect potable reuse",
        "reuse standards for agriculture",
        "membrane fouling",
        "small-scale solar desalination",
        "treated wastewater for industry",
    ],
    "sandbox-community-design-2025": [
        "community charters",
        "activity plans",
        "membership growth",
        "facilitation techniques",
        "online events",
        "measuring engagement",
        "onboarding new members",
        "partner roles",
    ],
    "moderators": [
        "handling off-topic threads",
        "welcoming new members",
        "spam waves",
        "pre-moderation settings",
        "writing community guidelines",
        "difficult conversations",
        "moderator burnout",
        "slow mode",
    ],
}

PLACES = [
    "the Senegal basin", "the Mekong delta", "the Nile basin", "the Danube", "the Limpopo", "the Indus basin",
    "Lake Victoria", "the Aral Sea basin", "the Amazon", "the Rio de la Plata", "the Volta basin",
    "the Okavango", "Lake Chad", "the Ganges-Brahmaputra", "the Jordan valley", "the Andes", "the Sahel",
    "the Zambezi", "the Tigris-Euphrates", "Central Asia", "the Murray-Darling", "the Rhine", "Kenya",
    "Peru", "Bangladesh", "Morocco", "Viet Nam", "Ghana", "Jordan", "Nepal", "Colombia", "Uzbekistan",
]  # fmt: skip
ORGS = [
    "our basin agency", "the ministry", "a regional utility", "our NGO", "the university lab",
    "the river basin organisation", "a donor-funded project", "the municipal water company",
    "the national meteorological service", "a farmers' cooperative",
]  # fmt: skip
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]

DISCUSSION_TITLES = [
    "How are you handling {subject} in {place}?",
    "Lessons from {place} on {subject}",
    "{Subject}: what worked and what did not",
    "Looking for examples of {subject}",
    "{Subject} on a small budget",
    "Draft guidance on {subject} – comments welcome",
    "{Subject} after the {year} season",
    "Sharing our experience with {subject}",
    "Is anyone evaluating {subject}?",
    "Webinar notes: {subject}",
    "{Subject} in {place}: a short case study",
    "Why work on {subject} keeps stalling",
]
# (title, answers that fit it): the first replies of a question thread answer its title.
QUESTION_TITLES = [
    (
        "Which indicators do you use for {subject}?",
        [
            "We report three: coverage, functionality after {n} months and user satisfaction. Simple, but the "
            "ministry understood them at once.",
            "Start with what {org} already collects, then add one or two measures of your own. Indicators nobody "
            "has time to collect are worse than none.",
            "We dropped half of our original list after the first year. The ones that survived were the ones "
            "district staff used in their own meetings.",
        ],
    ),
    (
        "How do you finance {subject}?",
        [
            "A mix of tariff revenue and a results-based grant; the grant covered the first {n}% of capital costs.",
            "Mostly from the national budget, with a small levy on abstraction that goes back to the basin.",
            "Honestly, through three donor projects in a row. We are now trying to get a permanent budget line.",
        ],
    ),
    (
        "Is there a good template for {subject}?",
        [
            "{Org} has one that we adapted; it fits on four pages, which is why people actually fill it in.",
            "We started from the regional guidelines of {year} and cut them down. I can share our version.",
        ],
    ),
    (
        "Who has worked on {subject} in {place}?",
        [
            "We had a two-year project there until {year}. The field team has moved on, but the reports are public.",
            "Not me directly, but a colleague at {org} led the assessment there. I will ask her to join the thread.",
        ],
    ),
    (
        "What is a realistic timeline for {subject}?",
        [
            "In {place} it took about {n} months from concept to the first results. Most of the delay was procurement.",
            "Plan for two full seasons before you judge it. The first one is mostly about getting people used to it.",
            "Our estimate was one year and it took three, mainly because the legal basis had to be updated first.",
        ],
    ),
    (
        "Any open datasets for {subject} in {place}?",
        [
            "The best open source I know is the regional portal run by {org}; it has daily data back to {year}.",
            "There is a national dataset, but you have to request it by letter. It arrived within a month for us.",
        ],
    ),
    (
        "How do you get ministries on board for {subject}?",
        [
            "We invited the planning ministry to the field visit rather than to a workshop. Seeing it changed "
            "the conversation.",
            "Frame it in their terms: jobs, budget savings, avoided losses. Nobody funds a concept note on principles.",
        ],
    ),
    (
        "Recommended reading on {subject}?",
        [
            "The synthesis report from {year} is still the clearest overview, and it is short.",
            "I would read the evaluation of the {place} programme first: it is honest about what failed.",
        ],
    ),
]

OPENINGS = [
    "At {org} we have been working on {subject} since {year}, mostly in {place}.",
    "I am preparing a short note on {subject} for {org} and would like to compare approaches.",
    "We are about to start a pilot on {subject} in {place}.",
    "After two years of trying, {org} is rethinking how we do {subject}.",
    "Our team in {place} was asked to draft a plan for {subject} by the end of the quarter.",
    "A colleague from {org} asked me about {subject} and I realised I had no good references.",
    "Since the {year} review, work on {subject} has moved to the top of our plan.",
    "I have just come back from a field mission in {place} where everyone wanted to talk about {subject}.",
]
MIDDLES = [
    "The technical side is fairly clear; the hard part is keeping {n} institutions aligned.",
    "Budgets are tight: we have roughly {n}% of what the original design assumed.",
    "Data are patchy, with gaps of several months in most of the {n} stations we rely on.",
    "Local authorities are supportive, but staff turnover means we retrain people every year.",
    "We tried a consultant-led approach first and it did not stick once the project ended.",
    "Communities are engaged when they see results within one season, less so after that.",
    "The legal framework exists on paper, but enforcement depends on {n} district offices.",
    "Our board wants results before the next budget round, which leaves little room for testing.",
]
# (closing question of an opening post, answers that fit it)
ASKS = [
    (
        "How did you handle this where you work?",
        [
            "Where I work we split it in two: a small technical group meets monthly, the political level twice a year.",
            "We handled it district by district, starting where the local head of office was keen.",
        ],
    ),
    (
        "I would be grateful for examples, even rough ones.",
        [
            "A rough one from {place}: {n} pilot sites, one coordinator, a shared spreadsheet. It worked better "
            "than the platform we bought later.",
            "Our example is modest, but it is documented: two pages on what we tried in {year} and why we changed it.",
        ],
    ),
    (
        "Has anyone documented what went wrong, not only what went right?",
        [
            "We wrote an internal lessons note after the {year} season. The main failure was handing over too "
            "early; I can share it privately.",
            "The mid-term review of our programme has a whole chapter on it. The short version: we underestimated "
            "maintenance.",
        ],
    ),
    (
        "Which partners made the biggest difference for you?",
        [
            "The farmers' associations, by far. Once they were convinced, the district followed.",
            "The national statistics office, surprisingly. Their data gave our figures credibility with the ministry.",
        ],
    ),
    (
        "What would you do differently if you started again?",
        [
            "I would budget for the second and third year from the start instead of hoping for a follow-up phase.",
            "Spend the first three months listening. We designed too much before we knew who really decides.",
        ],
    ),
    (
        "Any templates, terms of reference or indicators you can share would help a lot.",
        [
            "Our terms of reference for the baseline study are in the knowledge base, under case studies.",
            "I can send the indicator sheet we use. It has {n} indicators, which is already too many.",
        ],
    ),
]
LIST_INTROS = ["What we have so far:", "Our current plan:", "Options we are weighing:"]
LIST_ITEMS = [
    "a baseline survey in {n} villages",
    "quarterly stakeholder meetings",
    "a simple dashboard for managers",
    "training for {n} technicians",
    "a memorandum with {org}",
    "monthly field visits",
    "an independent review after year one",
    "SMS alerts for users",
]

# Statements a reply is built around (no questions: those are in FOLLOW_UPS, with answers).
REPLIES = [
    "We faced the same issue in {place}. What helped was agreeing on {n} core indicators first.",
    "In our experience, work on {subject} only lasts when the budget line survives the project cycle.",
    "{Org} published a short guide on this last year; I will look for the link.",
    "We tried something similar in {year}. The first season was difficult, the second much better.",
    "I would start small: one pilot area, clear roles, and a review after six months.",
    "In {place} the steering committee model worked well, because the chair rotated between sectors.",
    "Local staff need to own the data from day one, otherwise the system dies with the project.",
    "Our lesson: involve the finance ministry early, otherwise work on {subject} stays a side project.",
    "We measured a {n}% improvement after two years, but it took longer than planned.",
    "One caution: the cost of maintenance is usually underestimated by a factor of two or three.",
    "We used a participatory mapping exercise before anything else. It changed our priorities.",
    "Happy to share our terms of reference if useful. Send me a message.",
    "In {place} the turning point was a clear legal mandate for the lead agency.",
    "The regional workshop in {year} had a session on exactly this; the slides are in the knowledge base.",
    "From the utility side, work on {subject} needs a champion at director level or it stalls.",
    "We combined satellite data with field checks every {n} weeks; accuracy was good enough for planning.",
    "For {subject} we found that simple paper forms beat the app in remote areas.",
    "Women's groups were our most reliable partners for {subject}, and they were not in the original design.",
    "We publish a one-page summary every quarter, and it is read far more than the full report.",
    "The weak point in our case was procurement: spare parts took {n} weeks to arrive.",
    "Our evaluation showed that the trained technicians stayed, but the equipment did not last.",
    "It helped to sign a simple data sharing agreement with {org} before collecting anything.",
]
# (question a reply ends with, answers that fit it): a later reply quotes it and answers.
FOLLOW_UPS = [
    (
        "Do you have figures on operating costs?",
        [
            "Roughly {n}% of the capital cost per year, most of it staff time and spare parts.",
            "For our {n} sites it was about the salary of two technicians per year, plus fuel.",
        ],
    ),
    (
        "Could you say more about who maintains the system once the project ends?",
        [
            "The district water office took it over, with a small fee paid by users for repairs.",
            "A local operator under a five-year contract. It is not perfect, but nothing has been abandoned so far.",
        ],
    ),
    (
        "How did you keep the communities involved after the first season?",
        [
            "We gave them something to decide every season, not just something to report.",
            "Monthly meetings held by the community itself, with our staff attending only every third one.",
        ],
    ),
    (
        "Was the ministry involved from the start?",
        [
            "Only from the second year. Looking back, that delay cost us most of the first year.",
            "Yes, a focal point sat on the steering committee from the first meeting, which made approvals faster.",
        ],
    ),
    (
        "Which software did you use for the data?",
        [
            "Plain spreadsheets for the first year, then a free open-source database once the format was stable.",
            "The national system, even though it is slow, because that is what the ministry reads.",
        ],
    ),
    (
        "How long did the approvals take?",
        [
            "About {n} weeks for the permits, and much longer for the land agreements.",
            "Less than we feared: the basin agency had already consulted the districts in {year}.",
        ],
    ),
    (
        "Did you run into any resistance from upstream users?",
        [
            "At first, yes. A joint field visit with the upstream farmers defused most of it.",
            "Some, mainly about the timing of releases. Publishing the schedule in advance helped a lot.",
        ],
    ),
    (
        "Is the evaluation report public?",
        [
            "Yes, it is on the {org} website, and a summary is attached to our case study here.",
            "Not yet; it is with the donor for comments. I expect it to be published after the summer.",
        ],
    ),
]
# Short first sentences of a reply (each at most once per thread).
LEADS = [
    "Thanks for raising this.",
    "Good question.",
    "This matches what we saw.",
    "A small addition to the points above.",
    "Interesting thread.",
    "To add our own case.",
    "I can confirm this from our side.",
    "Speaking from the field rather than headquarters.",
]
# Short replies on their own.
THANKS = [
    "This is very useful, thank you. Saving it for our team meeting next week.",
    "Thank you all, this gives me enough to draft the first version.",
    "Great thread, I have shared it with my colleagues.",
    "Very helpful, especially the point about maintenance costs.",
    "Bookmarking this one for our next planning round.",
    "Thanks, this is exactly the kind of experience I was looking for.",
]
MENTION_REPLIES = [
    "@{handle} worked on this in {place}, maybe you could share your notes?",
    "Adding @{handle}, who ran a similar pilot in {year}.",
    "@{handle} I think your team had the cost figures for this?",
    "Looping in @{handle}, who knows the situation in {place} much better than I do.",
]
QUOTE_LABEL = "{name} wrote in #{number}"
WELCOME_TITLE = "Welcome! Start here: how this community works"
WELCOME_BODY = (
    "Welcome to **{name}**. This is a space for practitioners to ask questions, share experience and learn "
    "from each other.\n\n"
    "- Introduce yourself in a reply: who you are, where you work and what you hope to learn.\n"
    "- Use **questions** when you need an answer; mark the reply that helped as the accepted answer.\n"
    "- Tag your threads so others can find them later.\n"
    "- Be generous with what worked *and* what did not.\n\n"
    "The moderators are here to help. Flag anything that looks off."
)
# An introduction is a greeting, a line about work and a line about hopes, each drawn once per thread.
INTRO_GREETINGS = [
    "Hello everyone!", "Hi all.", "Greetings from {place}.", "Good to be here.", "Hello from {place}!",
    "Hi everyone, long-time reader, first post.", "Glad to join this group.", "Hello all, and thanks for the welcome.",
    "Hi from a rainy office in {place}.", "Greetings, everyone.",
]  # fmt: skip
INTRO_WORK = [
    "I work with {org} on {subject}.",
    "Hydrologist by training, I now coordinate a small team at {org}.",
    "I am a programme officer at {org}, mostly on {subject}.",
    "I teach water policy and advise {org} part-time.",
    "I have spent the last {n} years on {subject}, first in government and now with {org}.",
    "I recently joined {org} after a PhD on {subject}.",
    "I manage field operations for {org}.",
    "I lead the monitoring unit at {org}.",
    "I am an engineer at {org}, working on {subject} in {place}.",
    "I coordinate a network of water user associations.",
]
INTRO_HOPES = [
    "Looking forward to the discussions.",
    "I hope to learn how others keep projects going after the funding ends.",
    "Happy to share our monitoring tools with anyone interested.",
    "I am especially interested in practical examples from other basins.",
    "Keen to compare notes on {subject}.",
    "Hoping to find partners for a proposal next year.",
    "I will mostly read at first, but ask me anything about {place}.",
    "Glad to help newcomers find their way around the material here.",
    "I would love to hear how others work with local governments.",
    "Curious to see what has worked elsewhere.",
]
# Posts by newcomers waiting in the pre-moderation queue.
NEWCOMER_POSTS = [
    "First post here. We are starting out on {subject} and this thread already answered half my questions.",
    "New member, first post. In {place} we see the same pattern, and I will share our numbers once they "
    "are cleared for publication.",
]

# Questions (with their answers) and statements that only make sense in one community: they
# join FOLLOW_UPS and REPLIES in that community's threads.
TOPIC_FOLLOW_UPS = {
    "transboundary-water-cooperation": [
        (
            "Do all riparian states report on the same schedule?",
            [
                "No, and that is the main headache: two report monthly, one only once a year.",
                "Since the {year} protocol, yes, quarterly, although one country is usually late.",
            ],
        ),
        (
            "Was the data exchange written into the treaty or agreed separately?",
            [
                "Separately, in a technical annex the commission can revise without going back to parliaments.",
                "Into the treaty itself, which makes it solid but very hard to update.",
            ],
        ),
        (
            "Who chairs the joint technical committee?",
            [
                "It rotates every two years between the member states, with the secretariat keeping the minutes.",
                "The secretariat does, which keeps it neutral but gives it less weight with the ministries.",
            ],
        ),
    ],
    "groundwater-governance": [
        (
            "How dense is your piezometer network?",
            [
                "About one well per {n} square kilometres in the irrigated areas, far fewer elsewhere.",
                "Around {n} monitoring wells for the whole aquifer, half of them with automatic loggers.",
            ],
        ),
        (
            "Are farmers' wells registered?",
            [
                "Only the ones drilled after {year}; the older ones we are mapping village by village.",
                "Most are now, thanks to an amnesty: register for free this year, pay a fine after that.",
            ],
        ),
        (
            "Do you meter abstraction or estimate it?",
            [
                "We estimate it from crop areas and energy bills, and meter only the largest users.",
                "Meters on every licensed well since {year}, read twice a year by the water users themselves.",
            ],
        ),
    ],
    "drought-management": [
        (
            "Which index triggers your drought declarations?",
            [
                "SPI over three months combined with reservoir levels; either one alone gave too many false alarms.",
                "A composite index from the meteorological service, reviewed by a committee before anything is declared.",
            ],
        ),
        (
            "How much warning do farmers actually get?",
            [
                "Around six weeks in a good year, enough to change seed varieties but not to store water.",
                "Barely two weeks last season, because the bulletin went through too many offices.",
            ],
        ),
        (
            "Who decides on the allocation cuts?",
            [
                "The basin council, on a proposal from the agency; the ministry only steps in if they cannot agree.",
                "The ministry, which is exactly why the cuts arrive late.",
            ],
        ),
    ],
    "gender-and-water": [
        (
            "How many women sit on your water committees today?",
            [
                "About a third, up from almost none in {year}, but few of them hold the treasurer or chair roles.",
                "Half by rule, although attendance shows the real picture: meetings are held when women are at market.",
            ],
        ),
        (
            "Do you collect gender-disaggregated data on water use?",
            [
                "Only in our household surveys; the utility data cannot tell who pays or who fetches.",
                "Yes, since {year}, and it changed where we put the new standpipes.",
            ],
        ),
    ],
    "water-finance": [
        (
            "What was the tenor of the loan?",
            [
                "Twelve years with a three-year grace period, in local currency, which mattered more than the rate.",
                "Eight years. Longer would have needed a sovereign guarantee we could not get.",
            ],
        ),
        (
            "Did the tariff increase pass the council?",
            [
                "At the second attempt, phased over three years and with a lifeline block for the poorest users.",
                "Not yet; the vote was postponed until after the elections.",
            ],
        ),
        (
            "How did you measure affordability?",
            [
                "Water bills as a share of income in the lowest quintile, with {n}% as the warning level.",
                "Through a household survey in {n} neighbourhoods, not from the billing data alone.",
            ],
        ),
    ],
    "youth-and-water": [
        (
            "How did you find your first job in the sector?",
            [
                "Through an internship at a basin organisation that turned into a short contract.",
                "A volunteer role at a water conference, where I met my future manager.",
            ],
        ),
        (
            "Are the youth delegates paid for their time?",
            [
                "Travel and meals only, which rules out many people who cannot take days off.",
                "A small stipend since {year}, after we argued that unpaid roles favour the well-off.",
            ],
        ),
    ],
}
TOPIC_REPLIES = {
    "transboundary-water-cooperation": [
        "Our commission publishes a joint bulletin every month, and that simple product built more trust "
        "than any meeting.",
        "The notification procedure only works when the technical staff already know each other by name.",
    ],
    "groundwater-governance": [
        "Water levels in our shallow aquifer fell by {n} metres in ten years, and the metering came only after that.",
        "The aquifer contract with farmers started with one village and a shared water level chart on the mosque wall.",
    ],
    "drought-management": [
        "We moved from declaring droughts to publishing a monthly drought outlook, and people started to plan.",
        "The contingency plan is only as good as the last exercise: ours had not been tested in {n} years.",
    ],
    "gender-and-water": [
        "Moving the committee meetings to the evening doubled the number of women attending.",
        "Toilets with locks and lighting at the school did more for girls' attendance than any campaign.",
    ],
    "water-finance": [
        "Lenders looked first at our collection rate, which had to be above {n}% before any discussion.",
        "The guarantee cost less than we feared, but preparing the documents took a full year.",
    ],
    "youth-and-water": [
        "Mentoring worked best when it was tied to a real project, not to monthly calls.",
        "Employers kept asking for GIS and data skills, so our network now runs short courses on both.",
    ],
}
