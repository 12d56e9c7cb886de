"""The clauses of the 2025 agreement (from the signed seed), with placeholders.

Placeholders (German, so the ministry can edit the template):
  {jahr}                      programme year
  {ministerium}               full name, e.g. "Hessisches Ministerium für Arbeit, ..."
  {ministerium_nominativ}     "das Hessische Ministerium für ..." ({Ministerium_nominativ}: "Das")
  {ministerium_dativ}         "dem Hessischen Ministerium für ..."
  {ministerium_genitiv}       "des Hessischen Ministeriums für ..."
  {ministerium_kurz}          short form valid on the agreement's date, e.g. "HMAIJS"
  {region}                    designation, e.g. "Landkreis Waldeck-Frankenberg"
  {region_nominativ} {region_dativ} {region_genitiv} {region_akkusativ}
  {Region_nominativ}          sentence start: "Der Landkreis ..." / "Die Stadt Kassel"
  {bewilligungsbehoerde}      "Regierungspräsidium Kassel"
A paragraph that consists of only {haushaltsmittel} or {massnahmen} becomes the budget block
(§ 4) or the list of measure types with their projects (§ 5).
Paragraphs are separated by a blank line; a single line break inside a paragraph is joined
into a space (the text flows; no mail-merge line breaks in the documents).
"""

PURPOSE = "zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets"

CLAUSES = [
    {
        "key": "praeambel",
        "heading": "Präambel",
        "titles": [],
        "body": (
            "Erfolgreiche Arbeitsmarktpolitik bindet die regionalen Akteure des Arbeitsmarktes "
            "in eine gemeinsame, auf die Zukunftsanforderungen fokussierte Strategie ein. Dafür "
            "will {ministerium_nominativ} ({ministerium_kurz}) regionale Handlungs- und "
            "Entscheidungsspielräume eröffnen und vereinbart dazu Ziele mit den Kreisen und "
            "kreisfreien Städten. Bei allen Maßnahmen und Angeboten, die über das Ausbildungs- "
            "und Qualifizierungsbudget umgesetzt werden, orientiert sich das {ministerium_kurz} "
            "an den landespolitischen Zielsetzungen der Arbeitsmarktpolitik, dem „Bündnis für "
            "Ausbildung für die Jahre 2025 bis 2029“, dem Fachkonzept „Arbeitswelt Hessen“ des "
            "{ministerium_kurz} sowie an der regionalen Arbeitsmarkt- und Ausbildungsstrategie "
            "{region_genitiv}. Die Maßnahmen sind grundsätzlich genderadäquat, ohne "
            "Altersbegrenzungen und inklusiv angelegt und überdies den Leitlinien der "
            "UN-Behindertenrechtskonvention verpflichtet."
        ),
    },
    {
        "key": "p1",
        "heading": "§ 1",
        "titles": ["Ausbildungs- und Qualifizierungsbudget", "Ziele des Landes"],
        "body": (
            "Das {ministerium_kurz} verfolgt mit dem Ausbildungs- und Qualifizierungsbudget "
            "{jahr} das Ziel, die Ausbildungsfähigkeit von benachteiligten Menschen zu steigern, "
            "ihre Beschäftigungsfähigkeit zu sichern, ihnen Ausbildungsabschlüsse zu ermöglichen "
            "und sie durch längerfristige, flexible und arbeitsmarktnahe Qualifizierung zu einer "
            "eigenständigen Existenzsicherung zu befähigen. Der flexible und ganzheitliche "
            "Handlungsansatz des Budgets bietet den Kreisen und kreisfreien Städten die "
            "Möglichkeit, bedarfsorientierte berufliche und qualifikatorische Angebote für "
            "unterschiedliche Zielgruppen auf Basis der regional entwickelten Arbeitsmarkt- und "
            "Ausbildungsstrategie umzusetzen. Menschen mit ihren jeweiligen Bedürfnissen und "
            "Herausforderungen ernst zu nehmen und bei ihrem Weg in Ausbildung und Beschäftigung "
            "zu unterstützen, betrachtet das {ministerium_kurz} als zentralen Baustein für eine "
            "erfolgversprechende und nachhaltige Integration in unsere Gesellschaft.\n\n"
            "Bei der Erreichung dieses Ziels setzt das {ministerium_kurz} auf einen "
            "rechtskreisübergreifenden Förderansatz in den hessischen Kreisen und kreisfreien "
            "Städten. Nur wenn die einzelnen Rechtskreise SGB II, III, VIII, XII und AsylbLG "
            "sinnvoll zusammenwirken, alle Zielgruppen – inklusive der sog. Stillen Reserve – "
            "und weitere regionale Akteure aus Arbeitsmarkt und Wirtschaft potenziell "
            "einbezogen sind, können Unterstützungsstrukturen geschaffen werden, die ein "
            "selbstbestimmtes Leben auch in herausfordernden Lebenslagen ermöglichen.\n\n"
            "Dem Land Hessen ist es wichtig, Menschen mit familiensorgenden Tätigkeiten einen "
            "vollqualifizierenden Berufsabschluss zu ermöglichen. Daher werden spezifisch Mittel "
            "für Maßnahmen zur Ermöglichung von Teilzeitausbildungen bereitgestellt. Über die im "
            "Rahmen des ESF Hessen geförderte „Servicestelle Teilzeit-Ausbildung“ unterstützt "
            "das {ministerium_kurz} die Zusammenarbeit aller regionalen Akteure am Übergang "
            "Schule-Beruf.\n\n"
            "Schwerpunkte im Ausbildungs- und Qualifizierungsbudget sind Maßnahmen zur "
            "Ausbildungs- und Qualifizierungsvorbereitung, zu Ausbildung und "
            "Ausbildungscoaching in anerkannten Ausbildungsberufen, Qualifizierungsprojekte zur "
            "Arbeitsmarktintegration und Fachkräftesicherung sowie Weiterbildungen für "
            "Fachpersonal der Gebietskörperschaften mit Bezug zu Teilnehmenden des AQB."
        ),
    },
    {
        "key": "p2",
        "heading": "§ 2",
        "titles": ["Verpflichtungen der Vereinbarungspartner"],
        "body": (
            "{Ministerium_nominativ} und {region_nominativ} setzen die ihnen zur Verfügung "
            "stehenden Kompetenzen dafür ein, dass die in § 5 vereinbarten Ziele erreicht "
            "werden. Die Entscheidung über den Mitteleinsatz erfolgt im Kontext der von "
            "{region_dativ} bereits erarbeiteten und regelmäßig zu aktualisierenden regionalen "
            "Ausbildungs- und Arbeitsmarktstrategie, die mit den regionalen Akteuren der "
            "Rechtskreise SGB II, III, VIII, XII und AsylbLG, der Wirtschaft und – für den "
            "Bereich des Übergangs von der Schule in den Beruf – mit den regionalen "
            "OloV-Steuerungsgruppen abgestimmt ist.\n\n"
            "Im Jahr {jahr} werden im Rahmen des AQB erneut Landesmittel für spezifische "
            "Angebote zur Integration von Menschen mit Migrationshintergrund zur Verfügung "
            "gestellt. Die geförderten Angebote sind durch eine hohe Individualität und Vielfalt "
            "gekennzeichnet."
        ),
    },
    {
        "key": "p3",
        "heading": "§ 3",
        "titles": ["Umsetzung der UN-Behindertenrechtskonvention"],
        "body": (
            "Die Integration in das Erwerbsleben stellt aus der Sicht {ministerium_genitiv} "
            "eine der vordringlichsten Maßnahmen zur Förderung der Teilhabe von Menschen mit "
            "Behinderungen dar. Auch angesichts der demografischen Entwicklung und eines damit "
            "verbundenen aktuellen und zukünftigen Fachkräftemangels kommt der nachhaltigen "
            "Förderung von Maßnahmen zur Integration von Menschen mit Behinderungen in den "
            "Arbeitsprozess eine große Bedeutung zu."
        ),
    },
    {
        "key": "p4",
        "heading": "§ 4",
        "titles": ["Haushaltsmittel und Eckdaten"],
        "body": (
            "Das {ministerium_kurz} stellt {region_dativ} im Jahr {jahr} "
            "Haushaltsmittel in Höhe von insgesamt\n\n"
            "{haushaltsmittel}"
        ),
    },
    {
        "key": "p5",
        "heading": "§ 5",
        "titles": ["Ziele für die Umsetzung {region_genitiv}"],
        "body": (
            "{Region_nominativ} finanziert mit den Mitteln des "
            "Ausbildungs- und Qualifizierungsbudgets {jahr} in den jeweiligen Maßnahmenarten "
            "folgende Projekte:\n\n"
            "{massnahmen}\n\n"
            "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des – "
            "nach Antragstellung durch {region_akkusativ} vom {bewilligungsbehoerde} "
            "erlassenen – Bescheides."
        ),
    },
    {
        "key": "p6",
        "heading": "§ 6",
        "titles": ["Zielsteuerung"],
        "body": (
            "{Region_nominativ} und das {ministerium_kurz} bleiben über die Entwicklung des "
            "Budgets {jahr} im engen Austausch. Dazu wird unter anderem eine "
            "Umsetzungsbesprechung im Herbst angesetzt.\n\n"
            "Unterjährige Abweichungen von den in § 4 genannten Haushaltsmitteln und Eckdaten "
            "werden bei der Beurteilung der Zielerreichung berücksichtigt."
        ),
    },
    {
        "key": "p7",
        "heading": "§ 7",
        "titles": ["Kontinuierlicher Verbesserungsprozess"],
        "body": (
            "{Region_nominativ} beteiligt sich an Umfragen und Tagungen des {ministerium_kurz} "
            "mit dem Ziel, Erfahrungen auszutauschen, gute Praxis zu identifizieren und neue "
            "Impulse für die regionale Arbeitsmarkt- und Ausbildungspolitik zu setzen.\n\n"
            "Die Zielvereinbarungen werden auf dem Internetportal des {ministerium_kurz} "
            "„Arbeitswelt Hessen“ veröffentlicht."
        ),
    },
]

PLACEHOLDERS = (
    "jahr", "ministerium", "ministerium_nominativ", "Ministerium_nominativ", "ministerium_dativ",
    "ministerium_genitiv", "ministerium_kurz", "region", "region_nominativ", "Region_nominativ",
    "region_dativ", "region_genitiv", "region_akkusativ", "bewilligungsbehoerde",
    "haushaltsmittel", "massnahmen",
)
