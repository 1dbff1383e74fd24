"""A charter document to export, built without a database.

`sample_document()` has every level cell filled, Danish letters throughout, one
principle written only in English, one cell left empty on purpose, one long cell,
and signatures from the manager and the union representative (TR), with the
work-environment representative (AMR) required but not signed yet.
"""

from vogter.charters.document import SCHEMA, CharterDoc, LevelDoc, PrincipleDoc
from vogter.workshops.kit import TABLE_FIRST_COLUMN, TABLE_LEVELS, TABLE_TITLE, preamble

ORGANISATION = "Sønderå Kommune"
ENGLISH_ONLY = 5  # the principle written only in English
EMPTY_ON_PURPOSE = (3, "national")  # (principle, level)
LONG_CELL = (7, "department")

# (Danish completion, English completion, the topic the cells speak of)
STATEMENTS = (
    (
        "tjekker vi altid fakta, før vi deler et resultat",
        "always check the facts before we share a result",
        "faktatjek af AI-svar",
    ),
    (
        "lægger vi aldrig fortrolige oplysninger om borgere i åbne værktøjer",
        "never put confidential information about citizens into open tools",
        "fortrolige oplysninger",
    ),
    (
        "bevarer vi vores faglige dømmekraft og står selv på mål for beslutningen",
        "keep our professional judgement and answer for the decision ourselves",
        "faglig dømmekraft",
    ),
    (
        "passer vi på trivslen, så den sparede tid ikke bare bliver til højere tempo",
        "look after well-being, so the time saved does not just become a faster pace",
        "trivsel og arbejdstempo",
    ),
    (
        "",
        "make room for everyone to learn the tools at their own pace",
        "kompetenceudvikling",
    ),
    (
        "er vi åbne over for borgerne om, hvornår en tekst er skrevet med AI",
        "are open with citizens about when a text was written with AI",
        "gennemsigtighed over for borgerne",
    ),
    (
        "holder vi fast i fællesskabet og sparringen med kollegerne",
        "hold on to the community and the sparring with our colleagues",
        "fællesskab og sparring",
    ),
    (
        "placerer vi ansvaret tydeligt hos et menneske",
        "place the responsibility clearly with a person",
        "ansvar for beslutninger",
    ),
    (
        "måler vi kvaliteten i sagsbehandlingen, ikke kun hastigheden",
        "measure the quality of our casework, not only its speed",
        "kvalitet i sagsbehandlingen",
    ),
    (
        "respekterer vi ophavsret og andres data",
        "respect copyright and other people's data",
        "data og ophavsret",
    ),
    (
        "prøver vi nye værktøjer af i det små, før de rulles ud",
        "try new tools on a small scale before they are rolled out",
        "nye værktøjer",
    ),
    (
        "spørger vi jævnligt, om arbejdet stadig giver mening",
        "ask regularly whether the work still feels meaningful",
        "meningsfuldt arbejde",
    ),
)

CELL_TEMPLATES = {
    "individual": "Jeg tager selv ansvar for {topic} i mit daglige arbejde og siger til, "
    "når noget går skævt ({n}).",
    "group": "Vi drøfter {topic} på gruppemødet hver måned og deler gode og dårlige "
    "erfaringer ({n}).",
    "unit": "Enheden afsætter tid til {topic}, så alle kan få hjælp af en kollega ({n}).",
    "department": "Afdelingen følger op på {topic} i MED-udvalget hvert kvartal ({n}).",
    "corporate_group": "Koncernen fastlægger fælles retningslinjer for {topic} og for, "
    "hvilke værktøjer der må bruges ({n}).",
    "national": "Vi følger overenskomstens og fagforeningens vejledning om {topic}, "
    "AI-forordningen og GDPR ({n}).",
}

LONG_TEXT = (
    "Afdelingen udpeger en ansvarlig for hvert AI-værktøj, der er i brug, og fører en "
    "fortegnelse over, hvad værktøjet må bruges til, hvilke data der må lægges i det, og "
    "hvem der godkender nye anvendelser. Lederen og arbejdsmiljørepræsentanten gennemgår "
    "fortegnelsen sammen hvert halve år. Når en beslutning træffes på grundlag af et "
    "AI-svar, skal det fremgå af sagen, hvem der har vurderet svaret, og hvilke kilder der "
    "er tjekket. Fejl og nærved-hændelser meldes til afdelingens kontaktperson uden frygt "
    "for bebrejdelser, og de drøftes anonymiseret på næste personalemøde, så vi lærer af "
    "dem i fællesskab. Afdelingen sørger også for, at ingen medarbejder står alene med "
    "ansvaret for en afgørelse, som et værktøj har foreslået: der er altid en kollega at "
    "spørge, og det er i orden at sige fra, når tempoet bliver for højt. Én gang om året "
    "vurderer vi samlet, om værktøjerne har gjort arbejdet bedre, mere meningsfuldt og "
    "lettere at overskue \N{EN DASH} eller blot hurtigere."
)


def levels() -> list[LevelDoc]:
    return [LevelDoc(key=key, da=da, en=en) for key, da, en in TABLE_LEVELS]


def principle(n: int) -> PrincipleDoc:
    da, en, topic = STATEMENTS[(n - 1) % len(STATEMENTS)]
    if n == ENGLISH_ONLY:
        da = ""
    cells: dict = {}
    for key, _da, _en in TABLE_LEVELS:
        text = CELL_TEMPLATES[key].format(topic=topic, n=n)
        if (n, key) == LONG_CELL:
            text = LONG_TEXT
        on_purpose = (n, key) == EMPTY_ON_PURPOSE
        cells[key] = {
            "text": "" if on_purpose else text,
            "responsible": "Afdelingschefen" if key == "department" and n == 2 else "",
            "empty_on_purpose": on_purpose,
        }
    return PrincipleDoc(
        code=f"p{n:03d}",
        position=n,
        statement={"da": da, "en": en},
        rationale=f"Svarene fra workshoppen pegede igen og igen på {topic}.",
        cells=cells,
        sources=[
            {
                "workshop": "Workshop i Kommunikation og Borgerservice",
                "date": "2025-02-11",
                "themes": [topic.capitalize(), "Tid og tempo"],
                "quotes": [
                    f"Jeg er bekymret for {topic}, når det skal gå stærkt.",
                    "Det må ikke blive et samlebånd \N{EN DASH} vi er stolte af vores fag.",
                ],
            }
        ],
    )


def sample_document(principles: int = 12, *, status: str = "adopted") -> CharterDoc:
    adopted = status in ("adopted", "superseded")
    return CharterDoc(
        schema=SCHEMA,
        code="c7k2m9",
        organisation=ORGANISATION,
        unit="Kommunikation og Borgerservice",
        unit_level={"da": "Afdeling", "en": "Department"},
        title={
            "da": "Principsæt for brug af generativ AI",
            "en": "Charter for the use of generative AI",
        },
        version=3,
        status=status,
        adopted_on="2025-03-04" if adopted else None,
        adopted_by="Mette Sørensen" if adopted else None,
        preamble={
            "da": list(preamble("da", ORGANISATION)),
            "en": list(preamble("en", ORGANISATION)),
        },
        table_title=dict(TABLE_TITLE),  # type: ignore[typeddict-item]
        first_column=dict(TABLE_FIRST_COLUMN),  # type: ignore[typeddict-item]
        levels=levels(),
        principles=[principle(n) for n in range(1, principles + 1)],
        signatures=[
            {
                "role": "manager",
                "role_label": {"da": "Leder", "en": "Manager"},
                "name": "Mette Sørensen",
                "signed_at": "2025-03-04T13:30:00Z",
            },
            {
                "role": "union_rep",
                "role_label": {"da": "Tillidsrepræsentant (TR)", "en": "Union representative (TR)"},
                "name": "Søren Ærø Håkansson",
                "signed_at": "2025-03-04T13:42:00Z",
            },
        ]
        if adopted
        else [],
        required_signatures=[
            {"da": "Leder", "en": "Manager"},
            {"da": "Tillidsrepræsentant (TR)", "en": "Union representative (TR)"},
            {
                "da": "Arbejdsmiljørepræsentant (AMR)",
                "en": "Work-environment representative (AMR)",
            },
        ],
        generated_at="2025-03-05T08:15:00Z",
    )
