"""Demo members: three demo logins and 300 water professionals from 60+ countries."""

import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import Sector, User

FIRST_NAMES = [
    "Amina", "Kofi", "Lucía", "Mateo", "Priya", "Arjun", "Mei", "Wei", "Fatima", "Omar", "Sofia", "Lars",
    "Ingrid", "Tariq", "Nadia", "Kwame", "Thandiwe", "Sipho", "Ana", "João", "Camille", "Hugo", "Elif",
    "Mehmet", "Aigerim", "Dilnoza", "Rania", "Youssef", "Hana", "Kenji", "Siti", "Budi", "Nguyen", "Linh",
    "Carlos", "Valentina", "Grace", "Joseph", "Esther", "Samuel", "Leila", "Reza", "Olena", "Taras",
    "Marta", "Pablo", "Aisha", "Ibrahim", "Chloé", "Rahul", "Anjali", "Tenzin", "Pema", "Mariam", "Ahmed",
]  # fmt: skip
LAST_NAMES = [
    "Diallo", "Mensah", "García", "Fernández", "Sharma", "Patel", "Chen", "Wang", "Haddad", "Nasser",
    "Rossi", "Andersen", "Johansson", "Khan", "Rahman", "Owusu", "Dlamini", "Nkosi", "Silva", "Santos",
    "Dubois", "Martin", "Yılmaz", "Demir", "Nurlanovna", "Karimova", "Mansour", "El Amrani", "Tanaka",
    "Suzuki", "Rahmawati", "Santoso", "Tran", "Pham", "Rodríguez", "López", "Wanjiru", "Mwangi", "Okafor",
    "Adeyemi", "Hosseini", "Moradi", "Kovalenko", "Shevchenko", "Novak", "Morales", "Bello", "Musa",
    "Lefèvre", "Gupta", "Iyer", "Dorji", "Wangchuk", "Abebe", "Tesfaye", "Banda", "Phiri", "Quispe",
]  # fmt: skip
COUNTRIES = [
    "KE", "GH", "SN", "NG", "ZA", "ET", "UG", "TZ", "ZM", "MW", "MZ", "EG", "MA", "TN", "JO", "LB", "IQ",
    "TR", "IR", "PK", "IN", "BD", "NP", "BT", "LK", "CN", "MN", "KZ", "UZ", "KG", "TJ", "VN", "KH", "LA",
    "TH", "MM", "ID", "PH", "MY", "JP", "AU", "FJ", "BR", "PE", "BO", "CO", "EC", "CL", "AR", "MX", "GT",
    "HN", "CR", "US", "CA", "GB", "FR", "ES", "PT", "NL", "DE", "SE", "DK", "CH", "IT", "UA", "RO", "HU",
]  # fmt: skip
ORGANISATIONS = {
    Sector.GOVERNMENT: [
        "Ministry of Water and Irrigation", "National Water Authority", "Department of Water Resources",
        "Water Resources Regulatory Authority", "Ministry of Environment", "Municipal Water Utility",
    ],
    Sector.ACADEMIA: [
        "Institute for Water Education", "University of Nairobi", "Hydrology Research Centre",
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
                "bio": "Demo account of the Action Hub.",
            },
        )
        created += was_created
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})

    existing = set(User.objects.filter(username__startswith="demo").values_list("username", flat=True))
    sectors = list(ORGANISATIONS)
    from django_countries import countries

    for i in range(300):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        country = COUNTRIES[i % len(COUNTRIES)]
        sector = sectors[rng.randrange(len(sectors))]
        topics = rng.sample(EXPERTISE, 3)
        username = f"demo{i + 1:03d}"
        fields = {
            "organisation": rng.choice(ORGANISATIONS[sector]),
            "job_title": rng.choice(JOB_TITLES),
            "languages": ", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
            "bio": rng.choice(BIOS).format(topic=topics[0], country_name=countries.name(country)),
        }
        if username in existing:  # every random draw above happens either way: deterministic
            continue
        user = User.objects.create(
            username=username,
            email=f"{username}@example.org",
            display_name=f"{first} {last}",
            password=password,
            country=country,
            sector=sector,
            **fields,
        )
        user.expertise.set(topics)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        created += 1
    stdout.write(f"accounts: {created} members created")
