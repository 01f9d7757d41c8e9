"""The Good Cases library of the demo (original text about plausible communities)."""

GOOD_CASES = [
    {
        "slug": "volta-basin-flood-early-warning-circle",
        "title": "Volta Basin Flood Early Warning Circle",
        "region": "West Africa",
        "convenors": "Volta Basin Authority with national hydrological services of Ghana and Burkina Faso",
        "summary": "Forecasters and district disaster officers from both sides of the border meet monthly to compare "
        "flood forecasts and agree on the warnings that reach riverside villages.",
        "design": "Four consultations showed that forecasters trusted each other's data but not each other's "
        "thresholds. The training mapped who passes a warning to whom; the network analysis revealed that two "
        "district radio officers connected almost every village, so they were invited first.",
        "launch": "The community opened a week before the rainy season with a joint forecast exercise. Every "
        "member posted the threshold they use, which became the first pinned thread.",
        "achievements": "Within two seasons the two services published a shared threshold table. Warning lead "
        "time for downstream districts went from one day to three.",
        "lessons": "Start with an exercise people need right now, and let the community own the shared table.",
    },
    {
        "slug": "andean-water-funds-practitioners",
        "title": "Andean Water Funds Practitioners",
        "region": "Latin America",
        "convenors": "A coalition of water funds from Quito, Lima and Bogotá",
        "summary": "Staff of water funds that pay upstream farmers to protect páramo wetlands share contract "
        "templates, monitoring protocols and the arguments that convince utility boards.",
        "design": "The value creation framework set expectations per cycle: templates (potential value), contracts "
        "signed with them (applied value) and hectares protected (realised value).",
        "launch": "Launched in Spanish first, with an English digest. Each fund named a champion with two hours a "
        "week, which the charter made visible to their directors.",
        "achievements": "Twelve funds use a common hydrological monitoring protocol; three utility boards raised "
        "their contribution after seeing comparable results.",
        "lessons": "Naming hours per week in the charter protected the champions' time.",
    },
    {
        "slug": "mekong-delta-salinity-learning-network",
        "title": "Mekong Delta Salinity Learning Network",
        "region": "Southeast Asia",
        "convenors": "Provincial agriculture departments and a farmers' federation",
        "summary": "Extension officers and farmer leaders exchange daily salinity readings and adapt rice and "
        "shrimp calendars as seawater pushes further inland.",
        "design": "The systems map put the farmer at the centre, between sluice-gate operators and the "
        "seasonal forecast. Consultations warned that officers would not post in a formal forum, so the design "
        "kept posts short and allowed photos of handwritten readings.",
        "launch": "A field visit to a sluice gate opened the community; the first thread collected the readings "
        "of that day from 40 villages.",
        "achievements": "Salinity bulletins now reach 4,000 farmers within a day of measurement, and two "
        "provinces aligned their planting advice.",
        "lessons": "Meet people on the practice they already have; the platform follows.",
    },
    {
        "slug": "danube-wastewater-operators-peer-network",
        "title": "Danube Wastewater Operators Peer Network",
        "region": "Central and Eastern Europe",
        "convenors": "A regional association of water utilities",
        "summary": "Operators of small wastewater plants solve operational problems together through peer "
        "assists: one plant presents a problem, three peers visit or call in.",
        "design": "Role mapping showed that the association could fund one facilitator at eight hours a week; "
        "the activity plan was sized to that, with one peer assist a month.",
        "launch": "The first peer assist, on sludge bulking at a plant of 20,000 population equivalent, was "
        "recorded and summarised as the community's first resource.",
        "achievements": "Thirty peer assists in three years; energy use fell by a fifth in the plants that "
        "took part, according to their own reporting.",
        "lessons": "A small, regular format beats an ambitious plan the facilitator cannot sustain.",
    },
    {
        "slug": "lake-chad-youth-water-monitors",
        "title": "Lake Chad Youth Water Monitors",
        "region": "Sahel",
        "convenors": "Youth associations of four riparian countries with a basin commission",
        "summary": "Young volunteers measure well levels and lake extent with phones and discuss the results with "
        "basin officers, in French and English.",
        "design": "The consultations were frank about limits: patchy connectivity and security constraints. The "
        "charter therefore promised offline-first forms and a monthly synthesis rather than daily debate.",
        "launch": "Launched during a regional youth water forum, where every volunteer submitted a first "
        "reading; moderators from each country were trained together in the IT Lab.",
        "achievements": "Two hundred wells monitored monthly; the basin commission cites the dataset in its "
        "annual report.",
        "lessons": "Write the limits of the approach into the charter; it builds trust.",
    },
    {
        "slug": "urban-nbs-city-exchange",
        "title": "Urban Nature-based Solutions City Exchange",
        "region": "Global",
        "convenors": "A network of city water departments",
        "summary": "City engineers compare the design, cost and maintenance of rain gardens, bioswales and "
        "restored urban streams.",
        "design": "Social network analysis found three clusters that never talked: engineers, urban planners "
        "and parks departments. The community invited a connector from each.",
        "launch": "A webinar series paired a city that had built something with one about to start.",
        "achievements": "A shared maintenance-cost dataset for 60 projects, now used in city budget requests.",
        "lessons": "Pair the experienced with the beginners and both stay.",
    },
]
