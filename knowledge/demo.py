"""Demo knowledge base: 43 governance tools, references and case studies (idempotent)."""

import random

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from knowledge.demo_tools import RELATED, TOOLS
from knowledge.models import CaseStatus, CaseStudy, CaseStudyEvent, Reference, Tool
from markup import render_markdown

REFERENCES = [
    ("Integrated Water Resources Management in Practice", "R. Lenton, M. Muller", 2009, "Earthscan",
     "https://www.routledge.com/", ["iwrm", "basin planning"], ["integrated-river-basin-planning", "river-basin-organisations"]),
    ("The Brisbane Declaration on Environmental Flows", "International River Symposium", 2018, "IRS",
     "https://www.conservationgateway.org/", ["environmental flows"], ["environmental-flows"]),
    ("Groundwater Governance: A Global Framework for Action", "GEF, FAO, UNESCO-IHP, IAH, World Bank", 2016, "FAO",
     "https://www.fao.org/", ["groundwater"], ["groundwater-legislation", "groundwater-monitoring-networks"]),
    ("Water Allocation Reform: Principles and Practice", "R. Speed, Y. Li, T. Le Quesne, G. Pegram, Z. Zhiwei", 2013,
     "UNESCO", "https://unesdoc.unesco.org/", ["allocation"], ["water-allocation-planning", "water-rights-and-permit-systems"]),
    ("Convention on the Law of the Non-navigational Uses of International Watercourses", "United Nations", 1997,
     "United Nations", "https://legal.un.org/", ["transboundary", "law"], ["transboundary-water-agreements"]),
    ("Stakeholder Engagement for Inclusive Water Governance", "OECD", 2015, "OECD Publishing",
     "https://www.oecd.org/", ["participation"], ["stakeholder-participation", "multi-stakeholder-platforms"]),
    ("Water Funds Field Guide", "The Nature Conservancy", 2018, "TNC", "https://www.nature.org/",
     ["water funds", "finance"], ["water-funds", "payments-for-watershed-services"]),
    ("Tariff Design for Water and Sanitation Services", "World Bank Water Global Practice", 2019, "World Bank",
     "https://www.worldbank.org/", ["pricing", "tariffs"], ["water-pricing-and-tariffs"]),
    ("Gender and Water: Mainstreaming in Practice", "Gender and Water Alliance", 2006, "GWA",
     "https://genderandwater.org/", ["gender"], ["gender-mainstreaming-in-water-governance"]),
    ("Managed Aquifer Recharge: An Introduction", "P. Dillon et al.", 2009, "National Water Commission",
     "https://recharge.iah.org/", ["groundwater", "recharge"], ["managed-aquifer-recharge"]),
    ("Integrated Drought Management Programme: National Drought Policy Guidelines", "WMO, GWP", 2014, "WMO",
     "https://www.droughtmanagement.info/", ["drought"], ["drought-management-plans"]),
    ("Water Integrity Global Outlook", "Water Integrity Network", 2021, "WIN", "https://www.waterintegritynetwork.net/",
     ["integrity"], ["water-integrity-and-anti-corruption"]),
]  # fmt: skip

CASES = [
    ("Negotiating environmental flows on the Pangani", ["TZ"], "Pangani", "africa", 2002, 2011,
     "Irrigation abstractions and hydropower had left the lower Pangani and its estuary with little dry-season flow; "
     "fishers, pastoralists and mangrove users were losing livelihoods.",
     "- A multidisciplinary flow assessment with scenarios for different allocations\n- Village-level dialogues "
     "translating scenarios into consequences people recognised\n- Formation of sub-catchment water user forums",
     "The basin water board adopted a flow regime in its allocation plan, and permits were reviewed against it.",
     "Scenarios that show trade-offs in everyday terms (fish catch, grazing days) unlock negotiation better than "
     "single numbers.", ["environmental-flows", "water-allocation-planning", "catchment-management-forums"],
     ["environmental flows", "allocation"]),
    ("Farmers monitoring their own aquifer in Andhra Pradesh", ["IN"], "Krishna", "asia", 2004, 2009,
     "Hard-rock aquifers were falling by metres each year; thousands of private borewells had no permits.",
     "- Volunteers read observation wells and rain gauges weekly\n- Crop-water budgets discussed at village "
     "meetings each season\n- Switching to less thirsty crops decided collectively",
     "Pumping fell in many habitations without any regulation; farmers could read their own aquifer.",
     "Data collected by users is trusted by users. Start with simple instruments and a public display board.",
     ["groundwater-monitoring-networks", "stakeholder-participation"], ["groundwater", "citizen science"]),
    ("A basin council for the Mekong delta provinces", ["VN"], "Mekong", "asia", 2015, 2021,
     "Salinity intrusion and subsidence threatened rice farming; provinces planned separately.",
     "- An inter-provincial coordination council with a technical secretariat\n- A shared salinity monitoring "
     "bulletin\n- Joint planning of sluice operation",
     "Sluice schedules were coordinated in the 2020 drought, limiting salinity damage.",
     "Coordination needs a small permanent secretariat and shared data, not only high-level meetings.",
     ["river-basin-organisations", "water-quality-monitoring"], ["salinity", "delta"]),
    ("Quito's water fund protecting the páramo", ["EC"], "Guayllabamba", "latin_america", 2000, 2020,
     "Quito depends on high-altitude grasslands (páramo) that store and regulate water; grazing and burning "
     "degraded them.",
     "- A trust fund fed by the utility, brewers, power company and donors\n- Contracts with communities for "
     "páramo protection and restoration\n- Hydrological monitoring of paired catchments",
     "Thousands of hectares protected; a stable funding stream for source-water protection.",
     "Independent governance of the fund and long contracts with communities built trust.",
     ["water-funds", "payments-for-watershed-services"], ["water funds", "finance"]),
    ("Water user associations taking over canals in the Fergana valley", ["KG", "UZ", "TJ"], "Syr Darya",
     "asia", 2003, 2014,
     "After the collapse of collective farms, on-farm canals lacked owners and maintenance.",
     "- Legal registration of WUAs\n- Transfer of canals and equipment\n- Training in fee collection and "
     "bookkeeping\n- Hydro-graphic boundaries instead of administrative ones",
     "Tail-end farmers received more reliable supply; fee collection rose above 80% in many associations.",
     "Associations organised along canal lines, not village lines, reduced conflicts.",
     ["water-user-associations", "conflict-resolution-and-mediation"], ["irrigation", "transboundary"]),
    ("Increasing block tariffs in a mid-sized utility", ["ZM"], "Kafue", "africa", 2012, 2017,
     "The utility recovered less than half of its operating costs; poor households relied on kiosks.",
     "- Metering campaign\n- A lifeline block for the first 6 m³\n- Public hearings with the regulator",
     "Cost recovery improved, kiosk prices fell with the social tariff.",
     "Public hearings made the increase acceptable; metering had to come first.",
     ["water-pricing-and-tariffs", "public-budgeting-for-water"], ["tariffs", "utilities"]),
    ("Sharing the Senegal river through a joint organisation", ["SN", "ML", "MR", "GN"], "Senegal", "africa",
     1972, 2020,
     "Drought in the 1970s pushed riparian states to manage the river jointly.",
     "- Creation of a basin organisation with jointly owned dams\n- A water charter with allocation principles\n"
     "- A permanent water commission",
     "Joint ownership of infrastructure and benefit sharing of hydropower.",
     "Common infrastructure gives every state a stake in cooperation.",
     ["transboundary-water-agreements", "river-basin-organisations", "benefit-sharing-mechanisms"],
     ["transboundary"]),
    ("Drought triggers for a Mediterranean reservoir system", ["ES"], "Segura", "europe", 2007, 2019,
     "Recurring droughts led to emergency measures decided under pressure each time.",
     "- Indicator system based on reservoir storage\n- Pre-agreed measures per stage\n- Public monthly bulletin",
     "Restrictions became predictable; disputes over emergency decisions fell.",
     "Agreeing the rules in wet years is what makes them legitimate in dry ones.",
     ["drought-management-plans", "reservoir-operation-rules"], ["drought"]),
    ("Women's leadership in rural water committees", ["NP"], "Koshi", "asia", 2016, 2022,
     "Committees were dominated by men while women fetched water and managed household use.",
     "- Seat quotas with meeting times adapted to women's work\n- Leadership training\n- Public accounts",
     "Women chaired a third of committees; maintenance funds were better kept.",
     "Quotas work when the barriers to attending are removed too.",
     ["gender-mainstreaming-in-water-governance", "stakeholder-participation"], ["gender"]),
    ("Restoring a floodplain for flood storage", ["NL"], "Rhine", "europe", 2006, 2015,
     "Higher dikes alone no longer matched the expected peak discharges.",
     "- Dike relocation and side channels\n- Compensation for farmers\n- Design with nature organisations",
     "Lower flood levels along the reach and new habitat.",
     "Giving the river room needs early, generous land agreements.",
     ["nature-based-solutions", "flood-risk-management-framework"], ["floods", "nature-based solutions"]),
    ("Abstraction charges financing a basin agency", ["BR"], "Paraíba do Sul", "latin_america", 2003, 2018,
     "The basin committee had plans but no money to implement them.",
     "- Charges per m³ approved by the basin committee\n- A delegated agency managing the funds\n- Public project "
     "selection",
     "Steady revenue for sanitation and monitoring projects chosen by the committee.",
     "Users accept charges they decided themselves and whose use they can follow.",
     ["abstraction-charges", "river-basin-organisations"], ["finance"]),
    ("Community flood warning along the Karnali", ["NP"], "Karnali", "asia", 2010, 2019,
     "Floods reached downstream villages with little warning.",
     "- Upstream gauge readers calling downstream volunteers\n- Sirens and mobile messages\n- Annual drills",
     "Evacuations in time during major floods.",
     "The warning chain depends on people; drills keep it alive.",
     ["flood-early-warning-systems"], ["floods", "early warning"]),
]  # fmt: skip

REVIEW_CASES = [
    (
        "Pilot managed aquifer recharge with treated wastewater",
        ["JO"],
        "Azraq",
        "middle_east",
        2019,
        2023,
        CaseStatus.SUBMITTED,
    ),
    ("Catchment forum against sand mining", ["KE"], "Tana", "africa", 2018, 2022, CaseStatus.DRAFT),
]


def seed(*, stdout):
    rng = random.Random(4242)
    now = timezone.now()
    tools = {}
    for category, title, summary, body in TOOLS:
        slug = slugify(title)
        tool, _ = Tool.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "body_html": render_markdown(body),
                "category": category,
            },
        )
        tools[slug] = tool
    for a, b in RELATED:
        if a in tools and b in tools:
            tools[a].related_tools.add(tools[b])

    for title, authors, year, publisher, url, tags, tool_slugs in REFERENCES:
        ref, _ = Reference.objects.update_or_create(
            title=title, defaults={"authors": authors, "year": year, "publisher": publisher, "url": url}
        )
        ref.tags.set(tags)
        ref.related_tools.set([tools[s] for s in tool_slugs if s in tools])

    members = list(User.objects.filter(username__startswith="demo").order_by("username")[:60])
    member = User.objects.filter(email="member@example.org").first()
    staff = User.objects.filter(email="staff@example.org").first()
    for i, (
        title,
        countries,
        basin,
        region,
        start,
        end,
        ctx,
        actions,
        outcomes,
        lessons,
        tool_slugs,
        tags,
    ) in enumerate(CASES):
        author = members[rng.randrange(len(members))] if members else member
        if CaseStudy.objects.filter(title=title).exists():
            continue
        published = now - timezone.timedelta(days=20 * (len(CASES) - i))
        case = CaseStudy.objects.create(
            title=title, countries=countries, river_basins=basin, region=region, period_start=start,
            period_end=end, summary=ctx.split(";")[0].split(".")[0][:200] + ".", context=ctx, actions=actions,
            outcomes=outcomes, lessons=lessons, context_html=render_markdown(ctx),
            actions_html=render_markdown(actions), outcomes_html=render_markdown(outcomes),
            lessons_html=render_markdown(lessons), author=author, status=CaseStatus.PUBLISHED,
            organisations="Basin authority; water user associations; local NGOs", contact="Via the author's profile",
            submitted_at=published - timezone.timedelta(days=7), published_at=published,
            created_at=published - timezone.timedelta(days=10), updated_at=published,
        )  # fmt: skip
        case.tools.set([tools[s] for s in tool_slugs if s in tools])
        case.tags.set(tags)
        for from_s, to_s, who in [
            ("", CaseStatus.DRAFT, author),
            (CaseStatus.DRAFT, CaseStatus.SUBMITTED, author),
            (CaseStatus.SUBMITTED, CaseStatus.PUBLISHED, staff),
        ]:
            CaseStudyEvent.objects.create(
                case_study=case, actor=who, from_status=from_s, to_status=to_s, created_at=published
            )
    if member is not None:
        for title, countries, basin, region, start, end, status in REVIEW_CASES:
            if CaseStudy.objects.filter(title=title).exists():
                continue
            text = "Work in progress: the author is still completing this account."
            case = CaseStudy.objects.create(
                title=title, countries=countries, river_basins=basin, region=region, period_start=start,
                period_end=end, context=text, actions=text, outcomes=text, lessons=text,
                context_html=render_markdown(text), actions_html=render_markdown(text),
                outcomes_html=render_markdown(text), lessons_html=render_markdown(text), author=member,
                status=status, submitted_at=now if status == CaseStatus.SUBMITTED else None,
            )  # fmt: skip
            CaseStudyEvent.objects.create(case_study=case, actor=member, to_status=CaseStatus.DRAFT)
            if status == CaseStatus.SUBMITTED:
                CaseStudyEvent.objects.create(
                    case_study=case, actor=member, from_status=CaseStatus.DRAFT, to_status=status
                )
    stdout.write(f"knowledge: {Tool.objects.count()} tools, {Reference.objects.count()} references, "
                 f"{CaseStudy.objects.count()} case studies")  # fmt: skip
