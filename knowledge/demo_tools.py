"""Demo content: the curated governance tools (title, category, summary, body)."""

EE, IP, MI, FI = "enabling_environment", "institutions_participation", "management_instruments", "financing"

TOOLS = [
    (EE, "National water policy", "A short public statement of what the country wants from its water and who decides.",
     "A water policy sets direction before laws and budgets do: priorities between uses in scarcity, the role of the "
     "state, users and the private sector, and the principles (equity, efficiency, sustainability) that later rules "
     "must respect.\n\n**Works best when** drafted with the ministries that use water (agriculture, energy, health), "
     "not only the water ministry, and when it names who is accountable for each commitment.\n\n**Watch out for** "
     "policies that list every good intention and rank none: in a drought the ranking is what matters."),
    (EE, "Water law reform", "Modernising water legislation so that rights, permits and duties match today's pressures.",
     "Older water codes often tie water to land ownership or recognise only first-come rights. Reform typically "
     "vests water in the state as a public trust, introduces time-limited permits, recognises customary use and "
     "creates basin-level institutions.\n\n**Steps:** review the current code and its gaps; consult users (especially "
     "customary and informal users who risk losing access); phase the transition so existing users are registered "
     "rather than criminalised; budget for the regulations that make the law usable."),
    (EE, "Water rights and permit systems", "Defining who may take how much water, from where, and under which conditions.",
     "A permit system turns a shared resource into clear, enforceable entitlements. Good permits state a volume or a "
     "share, a season, a point of abstraction, a duration and the conditions for reduction in drought.\n\n**Design "
     "choices:** volumetric versus proportional shares (shares adapt automatically to variable flows); small users "
     "exempted by a threshold; a public register so neighbours can see who holds what.\n\n**Common failure:** "
     "issuing more permits than the river can supply in a dry year (over-allocation)."),
    (EE, "Transboundary water agreements", "Treaties and protocols that let riparian states share and jointly manage a river or aquifer.",
     "Around 60% of global freshwater flow crosses borders. Agreements range from data-sharing memoranda to full "
     "treaties with allocation formulas, joint commissions and dispute settlement.\n\nThe UN Watercourses Convention "
     "and the UNECE Water Convention provide common principles: equitable and reasonable use, no significant harm, "
     "prior notification of planned measures.\n\n**Practical advice:** start with joint monitoring and data exchange; "
     "trust built there makes allocation talks possible later."),
    (EE, "Groundwater legislation", "Rules that bring aquifers, usually the least regulated water, under shared management.",
     "Groundwater is often pumped by thousands of private wells with no permits. Legislation can declare critical "
     "aquifers, require well registration and drilling licences, set abstraction caps and protect recharge zones.\n\n"
     "**Tip:** combine rules with incentives (free metering, priority in subsidy programmes) so registration is in "
     "the well owner's interest."),
    (EE, "Water quality standards", "Legally binding targets for what rivers, lakes and effluents may contain.",
     "Ambient standards describe the quality a water body must reach for its uses (drinking, bathing, fisheries, "
     "irrigation); effluent standards limit what a discharger may release. Together they drive permits, "
     "investments and enforcement.\n\n**Choosing parameters:** start with few, measurable ones the laboratories "
     "can actually analyse (dissolved oxygen, BOD, nitrate, E. coli) and add others as capacity grows."),
    (EE, "Climate adaptation mainstreaming", "Building climate risk into water plans, budgets and infrastructure decisions.",
     "Rather than a separate adaptation plan, mainstreaming asks every water decision how it performs under "
     "plausible futures: wetter, drier, more variable.\n\n**Methods:** climate stress tests of existing allocation "
     "rules; decision scaling; robust and flexible designs (modular treatment plants, reservoirs that can be "
     "raised).\n\nNational Adaptation Plans are a useful entry point for water ministries to secure funding."),
    (EE, "Drought management plans", "Agreeing before the drought who cuts back, when and by how much.",
     "A drought plan defines indicators (reservoir levels, flows, rainfall indices), trigger levels, and the "
     "measures that follow each stage: public appeals, restrictions, rotation, emergency supply.\n\nBecause the "
     "rules are agreed in normal times, they are seen as fair when applied, and they protect environmental flows "
     "that are otherwise the first casualty of a crisis."),
    (EE, "Flood risk management framework", "Living with floods through mapping, zoning, warning and recovery, not only embankments.",
     "Modern flood policy combines structural works with land-use planning, early warning, insurance and "
     "room-for-the-river measures.\n\n**Building blocks:** flood hazard and risk maps; zoning rules for new "
     "building; community-based warning chains; post-flood recovery funds that build back safer."),
    (EE, "Access to information legislation", "The public's right to water data, permits and decisions.",
     "Transparency laws oblige agencies to publish permits, monitoring results, budgets and plans, and to answer "
     "requests. In water, they let downstream users check upstream compliance and let journalists follow "
     "spending.\n\nOpen data portals for hydrological data reduce the cost of research and of negotiations."),
    (IP, "River basin organisations", "Bodies that plan and coordinate water management along a whole river basin.",
     "A river basin organisation (RBO) gives the basin, not the administrative district, the leading role. Forms "
     "range from advisory committees to agencies with planning, permitting and fee-collecting powers, and to "
     "international commissions for shared rivers.\n\n**Success factors:** a clear mandate in law; stable funding "
     "(often from water charges); representation of users and local governments; staff who can produce a basin "
     "plan and a basin water balance.\n\n**Pitfalls:** creating an RBO on paper without transferring any decision "
     "power from ministries."),
    (IP, "Stakeholder participation", "Involving water users and affected people in decisions, from information to shared power.",
     "Participation runs on a ladder: informing, consulting, involving, collaborating, empowering. Each decision "
     "should say openly which rung it offers.\n\n**Good practice:** map stakeholders including the quiet ones "
     "(women, pastoralists, informal settlements, downstream users); meet where and when they can attend; report "
     "back what was done with their input.\n\nParticipation costs time; budget it."),
    (IP, "Water user associations", "Farmers and other users organised to run and maintain shared water infrastructure.",
     "Water user associations (WUAs) take over the operation of irrigation canals or small schemes, collect fees and "
     "settle local disputes.\n\n**What makes them work:** legal recognition, a real transfer of assets and "
     "responsibilities, transparent accounts, and elected leadership that includes tail-end farmers. Training in "
     "bookkeeping matters as much as in hydraulics."),
    (IP, "Catchment management forums", "Local platforms where users of a sub-catchment meet to solve shared problems.",
     "Smaller than a basin organisation, a catchment forum brings together farmers, towns, industries, NGOs and "
     "local officials around a tributary or a lake.\n\nForums are well suited to problems with local solutions: "
     "riparian buffers, abstraction scheduling, pollution hotspots. They need a secretariat and a link to the "
     "formal basin authority so their decisions carry weight."),
    (IP, "Gender mainstreaming in water governance", "Making sure women's knowledge, needs and leadership shape water decisions.",
     "Women carry most domestic water burdens yet are under-represented in water committees and agencies.\n\n"
     "**Practical measures:** quotas for committee seats with support to attend (timing, childcare, transport); "
     "sex-disaggregated data; gender analysis of tariffs and permits; leadership programmes for women water "
     "professionals."),
    (IP, "Multi-stakeholder platforms", "Structured dialogue between government, business, civil society and science on a water issue.",
     "Platforms are useful when no single actor can solve the problem, for example aquifer depletion or basin "
     "pollution from many sources.\n\nA neutral convenor, agreed ground rules, shared fact-finding and a clear "
     "link to decision-makers distinguish productive platforms from talk shops."),
    (IP, "Conflict resolution and mediation", "Processes that turn water disputes into negotiated agreements.",
     "Water conflicts, from neighbours sharing a spring to states sharing a river, are usually about access, "
     "timing and trust.\n\n**Toolbox:** joint fact-finding; interest-based negotiation; independent mediators; "
     "benefit sharing (trading water for energy or market access); clear appeal routes in water law."),
    (IP, "Indigenous and customary water governance", "Recognising traditional institutions and rights in formal water management.",
     "Many communities manage springs, wetlands and irrigation through long-standing customary rules.\n\nFormal "
     "systems should register customary rights, consult under free, prior and informed consent, and give "
     "traditional authorities a role in basin bodies rather than replacing them."),
    (IP, "Water integrity and anti-corruption", "Reducing corruption risks in water permits, procurement and services.",
     "Corruption raises the cost of water infrastructure and diverts water to the powerful.\n\n**Instruments:** "
     "integrity risk assessments; open contracting; public registers of permits; citizen report cards; "
     "whistle-blower protection; codes of conduct for utility staff."),
    (IP, "Capacity development for water institutions", "Strengthening skills, systems and organisations, not only training individuals.",
     "Capacity exists at three levels: individuals (skills), organisations (procedures, incentives, tools) and the "
     "enabling environment (laws, budgets).\n\nCommunities of practice, peer exchanges between basin organisations "
     "and twinning between utilities often outlast classroom training."),
    (MI, "Water allocation planning", "Deciding how available water is shared between users, the environment and reserves.",
     "An allocation plan starts from the water balance: how much water is reliably available, in which season and "
     "in which dry years. It then reserves water for basic human needs and the environment before sharing the "
     "remainder among uses.\n\n**Good plans** are reviewed every five to ten years, state how shares shrink in "
     "drought, and are published with the data behind them so users can trust them.\n\nAllocation is where "
     "politics meets hydrology: involve users from the start."),
    (MI, "Environmental flows", "The quantity, timing and quality of flow needed to keep rivers and their users healthy.",
     "Environmental flows (e-flows) describe the flow regime that sustains freshwater ecosystems and the "
     "livelihoods depending on them: fisheries, floodplain agriculture, grazing, cultural uses.\n\n**Methods** range "
     "from simple hydrological rules (a percentage of mean annual flow) to holistic assessments with ecologists, "
     "hydrologists and communities (e.g. the Building Block Method, DRIFT).\n\n**Implementation** is the hard part: "
     "flows must be written into permits and dam operating rules and monitored."),
    (MI, "Groundwater monitoring networks", "Measuring water levels and quality in wells to manage aquifers before they fail.",
     "Aquifers fail silently. A monitoring network of observation wells, measured manually or with data loggers, "
     "shows seasonal and long-term trends, the effect of pumping and early signs of salinisation.\n\n**Design:** "
     "cover recharge and discharge zones and the main pumping centres; measure at the same time each season; store "
     "data openly.\n\n**Participatory monitoring** by farmers (village piezometers, simple dip meters) adds density "
     "and builds the trust needed for pumping agreements."),
    (MI, "Integrated river basin planning", "A shared plan for a basin that links water resources, land use and development.",
     "A basin plan sets objectives (supply, quality, ecosystems, flood risk), a programme of measures and a "
     "budget, usually on a six-year cycle.\n\nThe planning process (assessment, scenario analysis, public "
     "consultation, adoption) matters as much as the document."),
    (MI, "Water accounting", "Tracking where water comes from, where it goes and who consumes it.",
     "Water accounts (for example the UN SEEA-Water framework or WA+) separate withdrawals from consumption and "
     "show return flows, so that efficiency gains upstream are not mistaken for new water.\n\nRemote sensing of "
     "evapotranspiration now makes basin-wide accounts feasible even where metering is poor."),
    (MI, "Water quality monitoring", "Regular sampling and analysis to know the state of rivers, lakes and aquifers.",
     "A monitoring programme defines stations, parameters, frequency, laboratory procedures and quality control, "
     "and publishes the results.\n\nCitizen science (test kits, biological indices with invertebrates) can extend "
     "coverage cheaply if methods are standardised."),
    (MI, "Hydrological information systems", "Collecting, storing and sharing rainfall, flow and water-level data.",
     "Decisions are only as good as the data behind them. A hydrological information system covers station "
     "networks, telemetry, databases, quality control and data services.\n\n**Tip:** budget for maintenance and "
     "staff, not only for new stations; many networks decline within years of installation."),
    (MI, "Water demand management", "Reducing the water needed for the same service through efficiency and behaviour.",
     "Demand management includes leak reduction, efficient appliances and irrigation, water reuse, pricing and "
     "awareness campaigns.\n\nIn irrigation, efficiency gains may increase consumption if saved water irrigates new "
     "land; pair efficiency with caps on allocation."),
    (MI, "Environmental impact assessment", "Assessing the effects of dams, diversions and other projects before they are approved.",
     "An EIA identifies impacts on flows, ecosystems and people, considers alternatives and sets mitigation "
     "measures that become permit conditions.\n\nFor basins with many projects, a strategic or cumulative "
     "assessment avoids approving each dam as if it were the only one."),
    (MI, "Wastewater discharge permits", "Licensing effluent so pollution loads stay within what rivers can absorb.",
     "Discharge permits set limits per parameter, monitoring duties and reporting. Load-based permits can be "
     "linked to the river's assimilative capacity.\n\nPublic disclosure of compliance results is one of the most "
     "effective enforcement tools."),
    (MI, "Nature-based solutions", "Using wetlands, forests and floodplains to regulate water, alongside grey infrastructure.",
     "Restored wetlands store floodwater and filter pollutants; upstream forests and soils regulate runoff; "
     "floodplain reconnection gives rivers room.\n\nNature-based solutions need long-term land agreements and "
     "monitoring to show their performance to engineers and funders."),
    (MI, "Managed aquifer recharge", "Deliberately refilling aquifers with surplus surface water or treated wastewater.",
     "Recharge basins, injection wells and check dams store water underground where it does not evaporate.\n\n"
     "**Requirements:** suitable geology, a source of water of adequate quality, and rules about who may pump the "
     "stored water."),
    (MI, "Reservoir operation rules", "Agreed rules for releasing water from dams for supply, power, floods and ecosystems.",
     "Operating rules (rule curves) translate allocation decisions into daily releases.\n\nCoordinated operation "
     "of several dams in a basin, with forecast information, can serve more purposes than each dam operated alone."),
    (MI, "Flood early warning systems", "Forecasting floods and getting warnings to people in time to act.",
     "An end-to-end system links monitoring and forecasting with dissemination and community response.\n\nThe last "
     "mile (sirens, radio, SMS, volunteers) and regular drills decide whether a forecast saves lives."),
    (FI, "Water pricing and tariffs", "Setting what users pay so services are sustainable, fair and encourage careful use.",
     "Tariffs recover costs and send a scarcity signal. Increasing block tariffs charge more per cubic metre as "
     "consumption rises; a lifeline block keeps basic use affordable.\n\n**Design questions:** what costs are "
     "recovered (operation, maintenance, capital, environmental costs)? How are poor households protected? Is "
     "metering in place?\n\nAn independent regulator helps keep tariff decisions away from short-term politics."),
    (FI, "Abstraction charges", "Fees on water withdrawn from rivers and aquifers, financing basin management.",
     "Charges per cubic metre abstracted fund monitoring, planning and the basin organisation, and encourage "
     "efficient use.\n\nCollection depends on metering and a permit register; start with large users."),
    (FI, "Payments for watershed services", "Downstream beneficiaries paying upstream land users to protect water sources.",
     "Cities and hydropower companies fund farmers and forest communities to keep land covered, reduce erosion or "
     "restore wetlands.\n\nContracts, monitoring of land use and hydrological evidence keep the scheme credible."),
    (FI, "Water funds", "Pooled funds through which water users invest in source-water protection.",
     "A water fund gathers utilities, businesses and donors under a governance board that finances conservation "
     "in the catchment.\n\nQuito's FONAG, created in 2000, is an early model; many Latin American and African "
     "cities followed."),
    (FI, "Blended finance for water infrastructure", "Combining public, concessional and private money to make water projects bankable.",
     "Guarantees, concessional loans and grants reduce risk for commercial lenders.\n\nBlended finance works best "
     "where utilities are creditworthy; reforms that improve collection rates often come first."),
    (FI, "Polluter pays charges", "Making polluters pay for the damage and the treatment their discharges cause.",
     "Effluent charges based on pollution load give an incentive to treat at source and fund public "
     "treatment.\n\nThey need reliable monitoring of discharges and charge levels high enough to change behaviour."),
    (FI, "Public budgeting for water", "Planning and tracking public money for water resources and services.",
     "Medium-term expenditure frameworks tie water plans to budgets. Budget tracking shows how much is spent on "
     "operation and maintenance compared with new construction.\n\nCitizen budget hearings increase accountability."),
    (FI, "Climate finance for water", "Accessing adaptation and mitigation funds for water projects.",
     "The Green Climate Fund, the Adaptation Fund and multilateral banks fund water projects with a clear climate "
     "rationale.\n\nA strong proposal shows the climate risk, the adaptation benefit and how the investment will be "
     "maintained."),
    (FI, "Benefit sharing mechanisms", "Sharing the benefits of water development with affected communities and neighbours.",
     "Hydropower revenue funds, local development funds and electricity discounts compensate communities "
     "affected by dams.\n\nBetween countries, benefit sharing can move negotiations from volumes of water to the "
     "benefits it produces."),
]  # fmt: skip

RELATED = [
    ("water-allocation-planning", "environmental-flows"),
    ("water-allocation-planning", "water-rights-and-permit-systems"),
    ("water-allocation-planning", "drought-management-plans"),
    ("river-basin-organisations", "integrated-river-basin-planning"),
    ("river-basin-organisations", "stakeholder-participation"),
    ("river-basin-organisations", "abstraction-charges"),
    ("stakeholder-participation", "catchment-management-forums"),
    ("stakeholder-participation", "gender-mainstreaming-in-water-governance"),
    ("groundwater-monitoring-networks", "groundwater-legislation"),
    ("groundwater-monitoring-networks", "managed-aquifer-recharge"),
    ("water-pricing-and-tariffs", "water-demand-management"),
    ("water-pricing-and-tariffs", "abstraction-charges"),
    ("payments-for-watershed-services", "water-funds"),
    ("environmental-flows", "reservoir-operation-rules"),
    ("transboundary-water-agreements", "benefit-sharing-mechanisms"),
    ("water-quality-standards", "wastewater-discharge-permits"),
    ("wastewater-discharge-permits", "polluter-pays-charges"),
    ("flood-risk-management-framework", "flood-early-warning-systems"),
]
