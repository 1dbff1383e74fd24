"""A bilingual (Danish/English) concept lexicon for answers about work and generative AI.

Each concept maps Danish and English word forms to one shared id, so that "jeg sparer tid"
and "saves me time" share a feature although they share no word. Word patterns are regular
expressions searched in each lower-cased token (anchor them with ^ and $ as needed: Danish
compounds such as "sagsbehandlingstid" put the meaning at the end of a word, "tidlig" must not
count as time). Phrase patterns are searched in the whole normalised answer, for meanings that
only a few words together carry ("sige fra", "står på mål", "not much").

The English label is the gettext msgid; the Danish label is used until the catalogue has a
translation of it (see labels.py), so Danish labels work from day one.
"""

import re
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages; kept local so the lexicon loads without Django settings."""
    return message


@dataclass(frozen=True)
class Concept:
    id: str
    en: str
    da: str
    words: str
    phrases: str = ""
    weight: float = 1.0
    word_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    phrase_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_re", re.compile(self.words))
        object.__setattr__(self, "phrase_re", re.compile(self.phrases) if self.phrases else None)


C = Concept
_ = gettext_noop

CONCEPTS: tuple[Concept, ...] = (
    C(
        "time",
        _("time"),
        "tid",
        r"^tid(en|er|erne|s\w*)?$|(?<!al)(?<!hel)tid(en)?$|^time(s|r|rne)?$|^hours?$|^minut"
        r"|^spar(e|er|es|et|ede)?$|besparel|^sav(e|es|ed|ing|ings)$|^hurtig|^fast(er|est)?$"
        r"|^quick|^speed|^turnaround|^sooner$|^rapid|^ventetid|^timesaving|^timers?$|^frigør"
        r"|^tidsbesparende|^tidskrævende|^time-?consuming|^hurtigere$|^kortere$",
        r"\bi stedet for en time\b|\bin no time\b|\bhalf the time\b|\bfrees? up\b|\bfrigiver tid\b"
        r"|\bsamme dag\b|\bsame day\b|\bgår (meget |langt )?(stærkt|hurtigt)\b|\bpå ingen tid\b",
    ),
    C(
        "efficiency",
        _("efficiency"),
        "effektivitet",
        r"^effektiv|^efficien|^produktiv|^productiv|^output$|^throughput",
    ),
    C(
        "quality",
        _("quality"),
        "kvalitet",
        r"kvalitet|^qualit|^bedre$|^better$|^improv|^forbedr|^præcis|^precis|^accura"
        r"|^konsisten|^consisten|^ensartet|^korrektur|^proofread|^stavefejl|^spelling|^grammar"
        r"|^grammatik|^fejlfri|^polished$|^polishing$",
    ),
    C(
        "clarity",
        _("clear language"),
        "klart sprog",
        r"^klar(t|e|ere|hed)?$|^clear(er)?$|^clarity|^læsbar|^readab|^letlæs|^lettere$"
        r"|^sprog(et|lig)?$|^language$|^wording|^formulering|^kancelli|^jargon|^fagsprog|^plain$"
        r"|^omformuler|^rephras|^rewrit|^simplif|^forenkl|^forståelig|^understandable|^non-native"
        r"|^modersmål",
        r"\bplain (words|english|danish)\b|\bin plain\b|\bmundret\b",
    ),
    C(
        "errors",
        _("errors"),
        "fejl",
        r"fejl(en|ene|s)?$|^mistake|^error|^wrong$|^forkert|^hallucin|^opdigt|^invent"
        r"|^incorrect|^inaccura|^upålidel|^unreliab|^slåfejl|^tastefejl|^sjusk|^typos?$|^inconsisten"
        r"|^uoverensstem|^oversights?$|^overlook|^lyv|^lyver|^løgn|^lies$|^lying$|^liars?$"
        r"|^skråsikker|^overconfiden|^know-it-all",
        r"\bfinder på\b|\bmade up\b|\bmakes? (things |stuff )?up\b|\bconfidently wrong\b"
        r"|\bfanger (fejl|den|det)\b|\bcatch(es)? (mistakes|errors|the)\b|\bekstra (sæt )?øjne\b"
        r"|\bextra (pair of )?eyes\b",
    ),
    C(
        "overview",
        _("overview and summaries"),
        "overblik og opsummering",
        r"^overblik|^overview|^opsummer|^summar|^resum[eé]|^sammenfat|^referat|^hovedpointe"
        r"|^skim|^digest|^synthes|^syntese|^sorter|^sort(s|ing)?$|^grovsorter|^mønstre|^patterns?$",
        r"\bmain points\b|\bkey points\b",
    ),
    C(
        "documents",
        _("documents"),
        "dokumenter",
        r"^dokument|^document|^rapport|^reports?$|^bilag|^akter$|^papers?$|^materiale|^material"
        r"|^høringssvar|^consultation|^litteratur|^literature|^research$|^artik|^articles?$",
        weight=0.6,
    ),
    C(
        "ideas",
        _("ideas and inspiration"),
        "idéer og inspiration",
        r"^id[ée]|^inspir|^kreativ|^creativ|^brainstorm|^vinkl|^vinkel|^angles?$|^perspektiv"
        r"|^perspective|^alternativ|^forslag|^suggest|^nytænk|^innovat",
        r"\bblank (page|sheet)\b|\btomt? (papir|side|ark)\b",
    ),
    C(
        "getting_started",
        _("getting started"),
        "at komme i gang",
        r"^startpunkt|^starting$|^kickstart|^udgangspunkt",
        r"\bi gang\b|\bget(ting)? started\b|\bsidder fast\b|\bstuck\b|\bstarting point\b"
        r"|\bblank (page|sheet)\b|\bhjælper mig i gang\b",
    ),
    C(
        "little",
        _("little or no use"),
        "lille eller ingen brug",
        r"^nothing$|^minimal|^minor$|^barely$|^rarely$|^sjældent$|^hardly$|^næppe$"
        r"|^limited$|^begrænset$|^skept|^scept|^lille$|^endnu$|^yet$",
        r"\bnot much\b|\b(meget|ret|kun) lidt\b|\b(very|only) little\b"
        r"|\bikke (rigtig|meget|så meget|særlig)\b|\bnæsten ikke\b|\bikke mere\b"
        r"|\bvery little\b|\bnot really\b|\bso far\b|\bbruger det ikke\b|\bdon'?t use\b"
        r"|\bingen (gevinst|nytte|effekt|forskel|brug)\b|\bikke (prøvet|brugt)\b"
        r"|\bhaven'?t (tried|used|really)\b|\bno (use|benefit|difference)\b|\bikke noget\b",
    ),
    C(
        "assistant",
        _("assistant and helper"),
        "assistent og hjælper",
        r"^assist|^hjælp(er|ere|emiddel|emidler)?$|^helper|^sekretær|^secretar|^praktikant"
        r"|^intern$|^butler|^medhjælp|^handyman|^sidekick|^junior(s)?$",
    ),
    C(
        "routine",
        _("routine tasks"),
        "rutineopgaver",
        r"^rutine|^routine|^kedelig|^boring|^tedious|^trivi|^repetit|^gentag|^admin|^tastearb"
        r"|^typing|^grunt|^paperwork|^papirarb|^manuel|^manual|^standard(opgave|sag)"
        r"|^ensformig|^monoton|^dull|^chores?$|^legwork|^grovarbejd|^drudge",
    ),
    C(
        "sparring",
        _("sparring and dialogue"),
        "sparring og dialog",
        r"^sparr|^sounding|^discuss|^diskut|^dialog|^partner|^makker|^samtalepartner"
        r"|^bounce|^medspiller|^reflektionspartner|^modspil|^argu|^sparringspartner",
        r"\bthinking partner\b|\bsounding board\b|\bsparre med\b|\btænke højt\b"
        r"|\bthink(ing)? (out loud|aloud)\b|\bdevil'?s advocate\b|\bdjævlens advokat\b",
    ),
    C(
        "tool",
        _("a tool"),
        "et værktøj",
        r"^værktøj|^tools?$|^redskab|^instrument|^lommeregner|^calculator|^stavekontrol"
        r"|^spell|^spellcheck|^hjælpeværktøj|^program(mer)?$|^software|^word$|^excel$|^autocomplete"
        r"|^autofuldf|^gadget|^apparat",
    ),
    C(
        "search",
        _("search"),
        "søgning",
        r"^søg|^search|^google|^opslag|^look(ing)?up|^wikipedia|^leksikon|^encyclop|^finde(r)?$"
        r"|^fremfind|^retriev|^locate|^vidensbank|^knowledge-?base|^librar|^bibliotek|^håndbog"
        r"|^handbook|^ordbog|^dictionar|^slå$|^opslagsværk",
        r"\blook(s|ing)? up\b|\bslå op\b|\bdig(s|ging)? out\b|\bfind(s|ing)? (the|relevant|what)\b"
        r"|\bknowledge base\b",
    ),
    C(
        "drafting",
        _("first drafts"),
        "første udkast",
        r"^udkast|^draft|^skitse|^sketch|^skabelon|^template",
        r"\bførste (version|udkast|bud)\b|\bfirst (version|draft|go)\b",
    ),
    C(
        "writing",
        _("writing"),
        "skrivning",
        r"^skriv|^skrev|^writ|^tekst|^texts?$|^formuler|^breve?(ne|t)?$|^letters?$|^e?mails?$"
        r"|^notat|^notes?$|^referat|^formulate",
        weight=0.7,
    ),
    C(
        "review",
        _("human review"),
        "menneskelig kontrol",
        r"^godkend|^approv|^tjek|^check|^kontrol|^control|^verif|^valider|^validat|^review"
        r"|^gennemg|^korrektur|^proofread|^vurder|^assess|^rette(r|s)?$|^correct(s|ing)?$"
        r"|^redig|^edit|^redaktør|^kvalitetssikr|^signs?$|^double.?check|^sanity",
        r"\bhuman in the loop\b|\bmenneske i loopet\b|\bsidste ord\b|\blast word\b",
    ),
    C(
        "decisions",
        _("decisions"),
        "beslutninger",
        r"^beslut|^decid|^decision|^bestem|^afgør|^judgement|^judgment",
    ),
    C(
        "jobs",
        _("jobs"),
        "arbejdspladser",
        r"^jobs$|^jobbene$|^stilling|^positions?$|^arbejdspladser|^ansatte$|^employ|^fyr(e|ing)"
        r"|^layoff|^nedskær|^cuts?$|^erstat|^replac|^arbejdsløs|^unemploy|^overflødig|^redundan"
        r"|^headcount|^personale|^staff$|^stillingsnedl|^bemanding|^staffing",
        r"\blaid off\b|\bmiste (mit|vores|deres) (job|arbejde)\b|\blose (my|our|their) jobs?\b"
        r"|\bfærre (ansatte|medarbejdere|folk|stillinger)\b|\bfewer (people|staff|employees)\b"
        r"|\bbliver vi (nok )?færre\b|\bbrug for færre\b|\bsparet væk\b|\bcut (back|down) on\b"
        r"|\bbe gone\b|\bslankes\b|\bdownsiz\w*",
    ),
    C(
        "expertise",
        _("professional expertise"),
        "faglighed",
        r"^håndværk|^craft|^faglig|^professional|^professionel|^ekspertise|^expertise|^expert$"
        r"|^skills?$|^færdighed|^kompeten|^competen|^dømmekraft|^intuition|^knowhow|^evne(r|n)?$"
        r"|^abilit|^erfaring|^experience$|^viden$|^knowledge$|^deskill|^know-how",
    ),
    C(
        "pride",
        _("professional pride"),
        "faglig stolthed",
        r"^stolt|^proud|^pride|^stolthed|^ære$|^honour|^honor$",
    ),
    C(
        "loss",
        _("loss"),
        "tab",
        r"^mist(e|er|et)$|^lose$|^losing$|^loss$|^lost$|^udhul|^erode|^erosion|^glem"
        r"|^forget|^forsvind|^disappear|^tab(e|er|t)?$|^fade|^vanish|^atroph|^svække|^weaken",
        r"\b(aldrig|ikke) lære\w*\b|\bnever learn\w*\b|\bstop learning\b|\bforget how\b"
        r"|\bglemmer hvordan\b|\bwon'?t (learn|build)\b",
    ),
    C(
        "learning",
        _("training and learning"),
        "uddannelse og læring",
        r"^lær|^learn|^uddann|^educat|^training$|^train(ed|ing|s)?$|^kursus|^kurser|^courses?$"
        r"|^oplær|^undervis|^teach|^efteruddann|^kompetenceudvikl|^workshop|^instruktion"
        r"|^onboard|^upskill|^prompt|^tutor|^mentor|^vejledning|^guidance|^coach",
    ),
    C(
        "juniors",
        _("new colleagues"),
        "nye kolleger",
        r"^junior|^unge$|^young|^nyuddann|^graduate|^trainee|^nyansat|^newcomer|^elev$"
        r"|^generation|^lærling|^apprentice|^fuldmægtig|^associates?$",
        r"\bnye kolleger\b|\bnew (colleagues|hires?|staff|employees?)\b|\bfirst-year\b",
    ),
    C(
        "role_shift",
        _("changing roles"),
        "nye roller",
        r"^roll(e|en|er)$|^roles?$|^redaktør|^editors?$|^skribent|^writers?$|^authors?$"
        r"|^rådgiv|^advis|^konsulent|^consult|^shift|^skift|^flytte|^flytter|^koordin|^coordinat"
        r"|^reviewer|^kurator|^curat|^dirigent|^orchestra|^supervis",
        r"\bnye (opgaver|roller)\b|\bnew (tasks|roles)\b|\bmere .{1,25} end\b|\brather than\b",
    ),
    C(
        "change",
        _("change"),
        "forandring",
        r"^ændr|^chang|^forandr|^omstill|^transform|^omvælt|^disrupt|^udvikl|^develop|^evolv",
        weight=0.5,
    ),
    C(
        "normal",
        _("AI becomes normal"),
        "AI bliver hverdag",
        r"^normal|^selvfølge|^hverdag|^everyday|^ordinary|^indbygge|^built$|^integrer|^integrat"
        r"|^overalt|^everywhere|^naturlig|^natural|^vane|^habit|^mainstream|^almindelig"
        r"|^commonplace|^ubiquit|^allestedsnærv|^googl",
        r"\bpart of (everything|every|all)\b|\bdel af (alt|alle|hverdagen)\b|\bnobody will\b"
        r"|\bingen taler\b|\bfem år\b|\bfive years\b",
    ),
    C(
        "uncertain",
        _("uncertainty"),
        "usikkerhed",
        r"^usikker|^uncertain|^uvis|^unpredict|^uforudsig|^afhæng|^depends$|^unclear$|^tvivl"
        r"|^doubt|^unsure",
        r"\bsvært at sige\b|\bhard to (say|tell|predict)\b|\bwho knows\b|\bhvem ved\b"
        r"|\bdet vil tiden vise\b|\btime will tell\b|\bhard to (predict|know)\b|\bno idea\b"
        r"|\bask me (again|in)\b|\bved vi ikke\b|\bvi må se\b|\bwe'?ll see\b|\bdon'?t know\b"
        r"|\bved (jeg|vi) ikke\b",
    ),
    C(
        "rules",
        _("guidelines and rules"),
        "retningslinjer og regler",
        r"^retningslinj|^guideline|^regel|^regler|^reglerne|^rules?$|^spilleregl|^politik"
        r"|^polic|^aftale|^agreement|^rammer|^rammerne|^framework|^procedure|^tilladt|^allowed"
        r"|^forbud|^forbid|^instruks|^governance|^standarder$|^standards?$|^lov(en|givning)?$"
        r"|^law$|^legislation|^compliance",
        r"\bhvad vi må\b|\bwhat we (may|can|are allowed)\b|\bhvornår man må\b|\bai act\b",
    ),
    C(
        "responsibility",
        _("responsibility"),
        "ansvar",
        r"^ansvar|^responsib|^accountab|^liab|^skyld|^blame",
        r"\bstår på mål\b|\bstå på mål\b|\bwho is to blame\b|\bstand behind\b|\bstå inde for\b",
    ),
    C(
        "voluntary",
        _("voluntary use"),
        "frivillig brug",
        r"^frivillig|^voluntar|^optional|^valgfri|^tvang|^tvunget|^forced$|^force$|^pressured$"
        r"|^presset$|^choice|^fravalg|^optout",
        r"\bsige fra\b|\bopt out\b|\bsay no\b|\bno one forced\b|\bnobody forced\b"
        r"|\bfølge? sig presset\b|\bfeel pressured\b|\bmust not be forced\b",
    ),
    C(
        "workload",
        _("workload and pressure"),
        "arbejdspres",
        r"^pres(set)?$|^pressure|^stress|^travl|^busy|^workload|^arbejdsbyrde|^arbejdspres"
        r"|^krav(ene)?$|^demands?$|^targets?$|^tempo(et)?$|^overbelast|^overload|^spytte|^opgavemængd"
        r"|^udbrænd|^burnout|^ræs|^speedup",
        r"\bflere opgaver\b|\bmore (tasks|work|output)\b|\bproduce more\b|\bproducere mere\b"
        r"|\braise the (targets|bar)\b|\bhæve (kravene|tempoet)\b|\bsamme løn\b"
        r"|\bsame (pay|salary)\b"
        r"|\bskrue[t]? op\b|\bflere sager\b|\bmore cases\b|\bthe bar\b|\bbillable\b"
        r"|\bper (person|medarbejder|employee|head)\b|\bexpect(ed)? (more|us to)\b",
    ),
    C(
        "surveillance",
        _("surveillance and measurement"),
        "overvågning og måling",
        r"^målt$|^måle(s|r)?$|^measured|^measur|^overvåg|^surveil|^monitor|^track(ed|ing)?$"
        r"|^registrer|^kpi|^optag(e|et|es|elser)?$|^record(ed|ing)$|^logge",
    ),
    C(
        "colleagues",
        _("colleagues"),
        "kolleger",
        r"^kolleg|^colleague|^team(et|s)?$|^holdet$|^medarbejdere$|^coworker|^co-worker|^peers?$",
    ),
    C(
        "community",
        _("community"),
        "fællesskab",
        r"^fællesskab|^community|^sammenhold|^kollegaskab|^socialt?$|^social$|^frokost|^lunch"
        r"|^venlig|^friendly|^spirit|^samhørighed|^belonging|^trivselsgruppe|^jokes?$|^humor",
        r"\bhinanden\b|\beach other\b|\bone another\b|\bpasser på\b|\blook after\b"
        r"|\bteam spirit\b|\bsammen\b|\btogether\b",
    ),
    C(
        "sharing",
        _("sharing experience"),
        "videndeling",
        r"^dele(r)?$|^deling$|^share(s|d)?$|^sharing|^videndeling|^erfaringer$|^experiences$"
        r"|^snak|^talk|^feedback|^møde(r|rne)?$|^meetings?$|^erfaringsudveksl|^netværk|^network"
        r"|^showcase|^demo(s)?$|^fortæl",
        r"\bbest practice\b|\bgode eksempler\b|\bgood examples\b",
    ),
    C(
        "experiment",
        _("room to experiment"),
        "plads til at eksperimentere",
        r"^eksperiment|^experiment|^afprøv|^lege$|^leg$|^play$|^explore|^udforsk|^fail"
        r"|^fejle$|^plads$|^space$|^room$|^sandbox|^sandkasse|^pace$|^prøve(r)?$|^try$|^trying$"
        r"|^tries$|^nysgerrig|^curio",
        r"\bprøve (os|sig|det) (frem|af)\b|\btry (things|it) out\b|\bro på\b|\btake it slow\b"
        r"|\bown pace\b|\beget tempo\b",
    ),
    C(
        "trust",
        _("trust"),
        "tillid",
        r"^tillid|^trust|^troværdig|^credib|^stole$|^stol(er)?$|^rely|^relia|^pålidelig"
        r"|^confiden(ce|t)$|^tiltro",
    ),
    C(
        "truth",
        _("truth and integrity"),
        "sandhed og ordentlighed",
        r"^sandhed|^truth|^sand(t|e)?$|^true$|^ærlig|^honest(y)?$|^fakta$|^facts?$|^ordentlig"
        r"|^decen|^integrit|^redelig|^anstændig|^properly$|^proper$|^korrekt$|^accuracy$",
    ),
    C(
        "human",
        _("the human"),
        "mennesket",
        r"^menneske|^human(s)?$|^person(er|s)?$|^people$|^folk$|^individ",
    ),
    C(
        "relations",
        _("human contact and care"),
        "menneskelig kontakt og omsorg",
        r"^kontakt|^contact|^relation|^omsorg|^care$|^caring|^nærvær|^presence|^empat|^samtale"
        r"|^conversation|^personlig|^personal$|^varme$|^warmth|^warm$|^tryghed|^kindness"
        r"|^medmenneske|^relationships?$|^menneskelighed|^humanity",
        r"\bface to face\b|\bansigt til ansigt\b|\bøjenkontakt\b|\beye contact\b|\bpersonal touch\b"
        r"|\b(real|rigtig|rigtigt) (person|menneske)\b|\bvoice on the phone\b",
    ),
    C(
        "transparency",
        _("openness about AI use"),
        "åbenhed om brug af AI",
        r"^åben|^open(ly|ness)?$|^transparen|^gennemsigtig|^disclos|^deklar|^declare[ds]?$|^label"
        r"|^upfront|^skjult|^hidden|^secretly|^hemmeligholdt"
        r"|^mærk(e|at|ning)|^oplys(e|er)$|^synlig|^visible|^explain|^forklar",
        r"\b(fortælle|fortæller|tell|inform)\w* (borgerne|people|clients|patients|readers"
        r"|kunderne|them|dem)\b|\bmade with\b|\blavet med\b|\bsige[r]? det til\b|\bsay (so|it)\b"
        r"|\bbe clear (that|when)\b|\bmachine-written\b",
    ),
    C(
        "privacy",
        _("privacy and data"),
        "fortrolighed og data",
        r"^fortrolighed|^confidential|^privatliv|^privacy|^persondata|^gdpr|^data$|^tavshedspligt"
        r"|^følsom|^sensitiv|^beskyt|^protect|^security|^cpr|^oplysninger$|^secret"
        r"|^hemmelig|^leak|^læk|^datasikkerhed|^informationssikkerhed|^cyber",
        r"\bpersonal data\b|\bdata protection\b|\bpersonoplysning\w*|\bpatientoplysning\w*"
        r"|\bforlade huset\b|\bleave the (house|building|organisation)\b",
    ),
    C(
        "safety",
        _("safety"),
        "sikkerhed",
        r"sikkerhed$|^safety$|^safe$|^sikkert$|^tryg$|^forsvarlig|^prudent",
        r"\bsafety first\b|\bpatient safety\b",
    ),
    C(
        "recipients",
        _("citizens and clients"),
        "borgere og kunder",
        r"^borger|^citizen|^kunde|^customer|^client|^patient|^elev(er|erne)$|^pupil|^student"
        r"|^brugere|^users$|^public$|^offentlighed|^beboer|^resident|^pårørende|^relatives",
        weight=0.5,
    ),
    C(
        "ethics",
        _("ethics and fairness"),
        "etik og retfærdighed",
        r"^etik|^etisk|^ethic|^moral|^fair|^retfærdig|^respekt|^respect|^værdighed|^dignity"
        r"|^ligebehandl|^equal|^diskrimin|^discrimin|^inklus|^inclus|^bias|^biased$|^fordom|^prejudic"
        r"|^uretfærdig|^unfair",
        r"\blige behandling\b|\btreated (the same|equally|fairly)\b"
        r"|\buanset (navn|baggrund|køn|alder|etnicitet)\b|\bregardless of\b"
        r"|\bsortere (nogen|folk) fra\b",
    ),
    C(
        "authenticity",
        _("authenticity"),
        "ægthed",
        r"^ægte|^ægthed|^authentic|^genuine|^fake|^falsk|^snyd|^cheat|^deepfake|^stemme$"
        r"|^voice$|^original|^egen$|^own$|^tone$",
        r"\bown voice\b|\begen stemme\b|\breal (photos|pictures|people)\b",
    ),
    C(
        "wellbeing",
        _("well-being and joy at work"),
        "trivsel og arbejdsglæde",
        r"^trivsel|^trives|^wellbeing|^well-being|^glæde|^arbejdsglæde|^joy|^motivat|^tilfreds"
        r"|^satisf|^sjov|^fun$|^energi|^energy|^balance|^sundhed|^health|^mental|^psykisk"
        r"|^happ|^glad$|^enjoy",
    ),
    C(
        "meaning",
        _("meaningful work"),
        "meningsfuldt arbejde",
        r"^mening|^meaning|^purpose|^formål|^værdifuld|^worthwhile",
    ),
    C(
        "management",
        _("management"),
        "ledelse",
        r"^ledelse|^leder(e|en|ne)?$|^manager|^management|^leadership|^chef|^boss|^direktion"
        r"|^lead(ers?)?$",
    ),
    C(
        "critical",
        _("critical thinking"),
        "kritisk sans",
        r"^kritisk|^critical|^blindt?$|^blindly|^afhængig|^dependen|^overreli|^doven|^lazy"
        r"|^selvstændig|^independen|^eftertanke|^reflect|^reflek",
        r"\btænke selv\b|\bthink for (ourselves|myself|themselves)\b|\bjeg tænker selv\b",
    ),
    C(
        "focus",
        _("focus on core work"),
        "fokus på kerneopgaven",
        r"^kerneopgave|^core$|^fokus|^focus|^essential|^væsentlig|^vigtigst",
        r"\bmere tid til\b|\bmore time (for|to|with)\b|\bdet vigtige\b|\bwhat matters\b",
    ),
    C(
        "translation",
        _("translation and languages"),
        "oversættelse og sprog",
        r"^oversæt|^translat|^engelsk|^english$|^dansk$|^danish$|^ukrainsk|^ukrainian"
        r"|^sprogversion|^languages$|^multilingual|^flersproget|^tolk|^interpret",
    ),
    C(
        "accessibility",
        _("accessibility"),
        "tilgængelighed",
        r"^tilgængelig|^accessib|^letlæst|^easy-read|^undertekst|^subtitl|^alt-?tekst|^caption"
        r"|^handicap|^disabilit|^ordblind|^dyslexi",
    ),
    C(
        "participation",
        _("participation and influence"),
        "inddragelse og indflydelse",
        r"^inddrag|^involv|^medbestem|^participat|^indflydelse|^influence|^tillidsrepræsentant"
        r"|^fagforening|^union$|^unions$|^samarbejdsudvalg|^medudvalg|^lytte|^listen",
        r"\bhave a say\b|\bbe heard\b|\bblive hørt\b|\bmed i beslutning\w*\b",
    ),
    C(
        "support",
        _("support"),
        "støtte",
        r"^støtte|^support|^superbruger|^superuser|^hotline|^helpdesk|^champion|^ambassad"
        r"|^backing",
        r"\b(someone|somebody|a person) to (ask|call|turn to)\b|\bman kan spørge\b"
        r"|\bnogen at spørge\b"
        r"|\bgo-to person\b|\bhelp desk\b|\bnogen (at|man kan) ringe til\b|\bfå hjælp\b",
    ),
    C(
        "access",
        _("access to approved tools"),
        "adgang til godkendte værktøjer",
        r"^adgang|^access$|^licen[cs]|^login$|^konto$|^accounts?$|^install|^laptops?$",
        r"godkendt(e)? (værktøj|løsning|version|system)\w*|approved (tool|solution|version)"
        r"|(sikker|secure) (løsning|tool|version|solution)|gratisversion\w*|free version"
        r"|paid version|betalt version|it-afdeling\w*|it department",
    ),
    C(
        "risk",
        _("risk"),
        "risiko",
        r"^risik|^risk|^farlig|^danger|^trussel|^threat|^hazard|^uforsvarlig",
        r"sort boks|black box|holde øje med|keep an eye on",
    ),
    C(
        "costs",
        _("costs"),
        "omkostninger",
        r"^pris(en|er)?$|^prices?$|^costs?$|^omkostning|^penge|^money|^budget|^fees?$|^honorar"
        r"|^billig|^cheap|^økonomi|^econom",
    ),
    C(
        "environment",
        _("climate and environment"),
        "klima og miljø",
        r"^klima|^climate|^miljø|^environment|^co2|^bæredygtig|^sustainab|^strømforbrug",
    ),
    C(
        "autonomy",
        _("autonomy"),
        "selvbestemmelse",
        r"^autonom|^selvbestem|^frihed|^freedom|^medbestem|^autonomy",
        r"\bin control\b|\bi kontrol\b|\bmig,? der bestemmer\b|\bi decide\b|\bjeg bestemmer\b",
    ),
    C(
        "reach",
        _("reaching more people"),
        "at nå flere",
        r"^reach|^målgrupp|^audience",
        r"\bnå ud til\b|\bnå flere\b|\breach more\b",
    ),
)

CONCEPT_BY_ID: dict[str, Concept] = {c.id: c for c in CONCEPTS}
