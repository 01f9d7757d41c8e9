"""Demo members: three demo logins and 300 water professionals from 60+ countries."""

import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import Sector, User
from markup import render_markdown

# Names, countries and a home organisation per region, so a member's name, country and
# employer read plausibly together.
REGIONS = {
    "west_africa": {
        "countries": ["SN", "GH", "NG", "ML", "BF", "CI", "NE", "BJ"],
        "first": ["Amina", "Kofi", "Fatou", "Moussa", "Adwoa", "Chinedu", "Aissatou", "Ibrahim", "Yaw", "Mariama"],
        "last": ["Diallo", "Mensah", "Ndiaye", "Traoré", "Owusu", "Okafor", "Adeyemi", "Sow", "Boateng", "Ouédraogo"],
        "orgs": ["Niger Basin Authority", "Volta Basin Authority", "Senegal River Basin Development Organisation"],
    },
    "east_southern_africa": {
        "countries": ["KE", "ET", "UG", "TZ", "ZM", "MW", "MZ", "ZA"],
        "first": ["Wanjiru", "Abebe", "Grace", "Joseph", "Thandiwe", "Sipho", "Esther", "Tendai", "Halima", "Baraka"],
        "last": ["Mwangi", "Tesfaye", "Banda", "Phiri", "Dlamini", "Nkosi", "Otieno", "Kamau", "Moyo", "Mutua"],
        "orgs": ["Nile Basin Initiative", "Lake Victoria Basin Commission", "Zambezi Watercourse Commission"],
    },
    "mena": {
        "countries": ["EG", "MA", "TN", "JO", "LB", "IQ", "DZ", "OM"],
        "first": ["Omar", "Fatima", "Youssef", "Rania", "Leila", "Ahmed", "Mariam", "Karim", "Nour", "Hassan"],
        "last": ["Haddad", "Nasser", "Mansour", "El Amrani", "Khalil", "Saleh", "Benali", "Farouk", "Aziz", "Hamdan"],
        "orgs": ["Arab Water Council", "Regional Centre for Water Studies", "Jordan Valley Authority"],
    },
    "south_asia": {
        "countries": ["IN", "BD", "NP", "BT", "LK", "PK"],
        "first": ["Priya", "Arjun", "Anjali", "Rahul", "Tenzin", "Pema", "Nusrat", "Imran", "Sunita", "Karma"],
        "last": ["Sharma", "Patel", "Gupta", "Iyer", "Rahman", "Khan", "Dorji", "Wangchuk", "Perera", "Thapa"],
        "orgs": [
            "International Centre for Integrated Mountain Development",
            "Brahmaputra Board",
            "Indus River System Authority",
        ],
    },
    "central_east_asia": {
        "countries": ["CN", "MN", "KZ", "UZ", "KG", "TJ", "JP", "KR"],
        "first": ["Mei", "Wei", "Aigerim", "Dilnoza", "Bakyt", "Kenji", "Yuki", "Batbayar", "Farrukh", "Ji-woo"],
        "last": [
            "Chen",
            "Wang",
            "Nurlanovna",
            "Karimova",
            "Tanaka",
            "Suzuki",
            "Bat-Erdene",
            "Rakhimov",
            "Kim",
            "Abdyldaev",
        ],
        "orgs": [
            "Aral Sea Basin Programme",
            "Interstate Commission for Water Coordination",
            "Yellow River Conservancy Commission",
        ],
    },
    "southeast_asia_pacific": {
        "countries": ["VN", "KH", "LA", "TH", "ID", "PH", "MY", "FJ", "AU"],
        "first": ["Linh", "Minh", "Siti", "Budi", "Sokha", "Malee", "Maria", "Ana", "Josefa", "Chloe"],
        "last": ["Nguyen", "Tran", "Pham", "Rahmawati", "Santoso", "Sok", "Srisuk", "Reyes", "Naidu", "Thompson"],
        "orgs": ["Mekong River Commission", "Murray-Darling Basin Authority", "Pacific Community Water Programme"],
    },
    "latin_america": {
        "countries": ["BR", "PE", "BO", "CO", "EC", "CL", "AR", "MX", "GT", "HN", "CR"],
        "first": ["Lucía", "Mateo", "Carlos", "Valentina", "João", "Camila", "Pablo", "Ximena", "Diego", "Gabriela"],
        "last": [
            "García",
            "Fernández",
            "Rodríguez",
            "López",
            "Silva",
            "Santos",
            "Quispe",
            "Morales",
            "Mamani",
            "Pereira",
        ],
        "orgs": [
            "National Water Agency (ANA)",
            "Plata Basin Intergovernmental Committee",
            "Amazon Cooperation Treaty Organization",
        ],
    },
    "europe_north_america": {
        "countries": ["GB", "FR", "ES", "PT", "NL", "DE", "SE", "DK", "CH", "IT", "UA", "RO", "HU", "US", "CA", "TR"],
        "first": ["Sofia", "Lars", "Ingrid", "Camille", "Hugo", "Olena", "Taras", "Marta", "Elif", "Sarah"],
        "last": [
            "Rossi",
            "Andersen",
            "Johansson",
            "Dubois",
            "Martin",
            "Kovalenko",
            "Novak",
            "Yılmaz",
            "Müller",
            "Smith",
        ],
        "orgs": [
            "International Commission for the Protection of the Danube River",
            "Rhine Commission",
            "Great Lakes Commission",
        ],
    },
}
ORGANISATIONS = {
    Sector.GOVERNMENT: [
        "Ministry of Water and Irrigation", "National Water Authority", "Department of Water Resources",
        "Water Resources Regulatory Authority", "Ministry of Environment", "Municipal Water Utility",
    ],
    Sector.ACADEMIA: [
        "Institute for Water Education", "National University Water Institute", "Hydrology Research Centre",
        "International Water Management Institute", "School of Civil Engineering", "Centre for Water Policy",
    ],
    Sector.CIVIL_SOCIETY: [
        "Women for Water Partnership", "Youth Water Network", "River Keepers Alliance",
        "Water User Association", "Wetlands Action Trust", "Community Water Committee",
    ],
    Sector.BUSINESS: [
        "Hydroconsult Engineering", "AquaMetrics Ltd", "BlueFinance Advisors", "Delta Water Services",
        "Irrigation Solutions Co.", "Smart Sensors for Water",
    ],
    Sector.INTERNATIONAL: [
        "Nile Basin Initiative", "Mekong River Commission", "Regional Water Partnership",
        "Lake Chad Basin Commission", "Development Bank Water Unit", "UN Water Programme Office",
    ],
    Sector.OTHER: ["Independent consultant", "Freelance water journalist", "Retired basin manager"],
}  # fmt: skip
JOB_TITLES = [
    "Hydrologist", "Basin planner", "Water governance specialist", "Programme officer", "Researcher",
    "Groundwater engineer", "Policy adviser", "Community organiser", "Environmental flows specialist",
    "WASH coordinator", "Irrigation engineer", "Climate adaptation lead", "Water economist", "PhD candidate",
]  # fmt: skip
EXPERTISE = [
    "transboundary water", "IWRM", "groundwater", "river restoration", "nature-based solutions", "drought",
    "floods", "water governance", "WASH", "gender and water", "urban water", "wetlands", "water finance",
    "climate adaptation", "water quality", "hydrological modelling", "stakeholder participation",
    "environmental flows", "irrigation", "source-to-sea",
]  # fmt: skip
LANGUAGES = ["English", "French", "Spanish", "Portuguese", "Arabic", "Russian", "Chinese", "Swahili"]
BIOS = [
    "I work on {topic} in {country_name}, mostly with basin organisations and local governments. "
    "Happy to share what worked (and what did not) in our last programme.",
    "Ten years in {topic}. Currently coordinating a multi-stakeholder platform and always looking for "
    "practical examples from other basins.",
    "Researcher interested in how {topic} connects science and policy. I write about it and teach a short course.",
    "Practitioner from the field: {topic}, community engagement and monitoring. Ask me about low-cost sensors.",
]

# Where most demo members read the hub in French or Spanish; every third one keeps English
# (no preference), as many do.
FRENCH_SPEAKING = {"SN", "ML", "BF", "CI", "NE", "BJ", "MA", "TN", "DZ", "LB", "FR", "CH"}
SPANISH_SPEAKING = {"PE", "BO", "CO", "EC", "CL", "AR", "MX", "GT", "HN", "CR", "ES"}


def preferred_language(index, country):
    """The demo member's profile language, from their country (no random draw: plans stay stable)."""
    if index % 3 == 0:
        return ""
    if country in FRENCH_SPEAKING:
        return "fr"
    if country in SPANISH_SPEAKING:
        return "es"
    return ""


DEMO_BIO = "Demo account of the Action Hub. Log in with it to try communities, discussions and moderation."
TIMEZONES = {
    "SN": "Africa/Dakar", "GH": "Africa/Accra", "NG": "Africa/Lagos", "KE": "Africa/Nairobi",
    "ET": "Africa/Addis_Ababa", "ZA": "Africa/Johannesburg", "EG": "Africa/Cairo", "MA": "Africa/Casablanca",
    "JO": "Asia/Amman", "IN": "Asia/Kolkata", "BD": "Asia/Dhaka", "NP": "Asia/Kathmandu", "CN": "Asia/Shanghai",
    "KZ": "Asia/Almaty", "UZ": "Asia/Tashkent", "JP": "Asia/Tokyo", "VN": "Asia/Ho_Chi_Minh",
    "TH": "Asia/Bangkok", "ID": "Asia/Jakarta", "PH": "Asia/Manila", "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo", "PE": "America/Lima", "CO": "America/Bogota", "MX": "America/Mexico_City",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "GB": "Europe/London",
    "FR": "Europe/Paris", "ES": "Europe/Madrid", "DE": "Europe/Berlin", "NL": "Europe/Amsterdam",
    "SE": "Europe/Stockholm", "IT": "Europe/Rome", "UA": "Europe/Kyiv", "TR": "Europe/Istanbul",
    "US": "America/New_York", "CA": "America/Toronto",
}  # fmt: skip

DEMO_USERS = [
    # (username, email, display name, staff)
    ("member", "member@example.org", "Amina Diallo", False),
    ("moderator", "moderator@example.org", "Kofi Mensah", False),
    ("staff", "staff@example.org", "Lucía García", True),
]


def seed(*, stdout):
    rng = random.Random(2026)
    password = make_password(settings.DEMO_PASSWORD)
    created = 0
    for username, email, name, is_staff in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            email=email,
            defaults={
                "username": username,
                "display_name": name,
                "password": password,
                "is_staff": is_staff,
                "is_superuser": is_staff,
                "country": "SN" if username == "member" else "GH" if username == "moderator" else "ES",
                "organisation": "Regional Water Partnership",
                "sector": Sector.INTERNATIONAL,
                "job_title": "Knowledge manager",
                "bio": DEMO_BIO,
                "bio_html": render_markdown(DEMO_BIO),
            },
        )
        created += was_created
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})

    existing = set(User.objects.filter(username__startswith="demo").values_list("username", flat=True))
    sectors = list(ORGANISATIONS)
    region_names = list(REGIONS)
    from django_countries import countries

    for i in range(300):
        region = REGIONS[region_names[i % len(region_names)]]
        country = region["countries"][(i // len(region_names)) % len(region["countries"])]
        first, last = rng.choice(region["first"]), rng.choice(region["last"])
        sector = sectors[rng.randrange(len(sectors))]
        topics = rng.sample(EXPERTISE, 3)
        organisation = (
            rng.choice(region["orgs"]) if sector == Sector.INTERNATIONAL else rng.choice(ORGANISATIONS[sector])
        )
        username = f"demo{i + 1:03d}"
        bio = rng.choice(BIOS).format(topic=topics[0], country_name=countries.name(country))
        fields = {
            "organisation": organisation,
            "job_title": rng.choice(JOB_TITLES),
            "languages": ", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
            "bio": bio,
            "bio_html": render_markdown(bio),
            "timezone": TIMEZONES.get(country, "UTC"),
            "allow_messages_from_anyone": rng.random() < 0.3,
        }
        if username in existing:  # every random draw above happens either way: deterministic
            continue
        language = preferred_language(i, country)
        spoken = {"fr": "French", "es": "Spanish"}.get(language)
        if spoken and spoken not in fields["languages"]:
            fields["languages"] = f"{spoken}, {fields['languages']}"
        user = User.objects.create(
            username=username,
            email=f"{username}@example.org",
            display_name=f"{first} {last}",
            password=password,
            country=country,
            sector=sector,
            preferred_language=language,
            **fields,
        )
        user.expertise.set(topics)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        created += 1
    stdout.write(f"accounts: {created} members created")
