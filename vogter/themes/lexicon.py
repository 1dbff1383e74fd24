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
from dataclasses import dataclass, field, replace


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
        _("overview"),
        "overblik",
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
        _("ideas"),
        "idéer",
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
        _("AI as an assistant"),
        "AI som assistent",
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
        _("a sparring partner"),
        "en sparringspartner",
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
        _("learning"),
        "læring",
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
        _("guidelines"),
        "retningslinjer",
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
        _("workload"),
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
        _("surveillance"),
        "overvågning",
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
        _("integrity"),
        "ordentlighed",
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
        _("human contact"),
        "menneskelig kontakt",
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
        _("privacy"),
        "fortrolighed",
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
        _("the people we serve"),
        "dem, vi er til for",
        r"^borger|^citizen|^kunde|^customer|^client|^patient|^elev(er|erne)$|^pupil|^student"
        r"|^brugere|^users$|^public$|^offentlighed|^beboer|^resident|^pårørende|^relatives",
        weight=0.5,
    ),
    C(
        "ethics",
        _("ethics"),
        "etik",
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
        _("well-being"),
        "trivsel",
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
        _("translation"),
        "oversættelse",
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
        _("participation"),
        "inddragelse",
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
        r"\bgodkendt(e)? (værktøj|løsning|version|system)\w*\b|\bapproved (tool|solution|version)"
        r"|\b(sikker|secure) (løsning|tool|version|solution)\b|\bgratisversion\w*\b"
        r"|\bfree version\b|\bpaid version\b|\bbetalt version\b"
        r"|\bit-afdeling\w*\b|\bit department\b",
    ),
    C(
        "risk",
        _("risk"),
        "risiko",
        r"^risik|^risk|^farlig|^danger|^trussel|^threat|^hazard|^uforsvarlig",
        r"\bsort boks\b|\bblack box\b|\bholde øje med\b|\bkeep an eye on\b",
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
        _("climate"),
        "klima",
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

# Everyday phrasings, mostly English, of concepts above, written as synonym families (how people
# say "it saves time" without the word "time": "shaves an hour off", "turnaround", "my evenings
# back"), not taken from any answer set. Merged into the concepts below: (word patterns,
# phrase patterns), either may be empty.
FAMILIES: dict[str, tuple[str, str]] = {
    "time": (
        r"^instant(ly)?$|^accelerat|^backlogs?$|^deadlines?$|^queues?$|^kø(en|er)?$"
        r"|hurtig(t|ere|st|ste)?$|^tidsbesparelse|^overnight$|^speedier$|^speedy$",
        r"\bshaves?\b|\bcuts? (down )?(the )?time\b|\bin (seconds|minutes)\b|\bsped up\b"
        r"|\bspeeds? (things |it |us )?up\b|\b(evenings?|weekends?|time|hours?|afternoons?)"
        r" back\b|\btook (ages|days|weeks|hours|forever)\b|\bused to take\b|\bnow takes?\b"
        r"|\bwaiting (time|list)\b|\blead time\b|\bnår (langt |meget )?mere\b"
        r"|\bpå (få|et par) minutter\b|\bi stedet for (dage|timer|uger)\b",
    ),
    "efficiency": (r"^streamlin|^efficient", r"\bmore with less\b|\bmere med mindre\b"),
    "routine": (
        r"^busywork|^dogsbody|^menial|^mundane|^boilerplate|^clerical|^mindless|^bureaucra"
        r"|^bureaukrati|^blanket|^skemaer$|^papirnus|^forms$|^form-filling",
        r"\bdonkey work\b|\bheavy lifting\b|\bdata entry\b|\bcopy[- ]?past\w*|\bbox[- ]ticking\b"
        r"|\bfilling in\b|\budfylde\b",
    ),
    "ideas": (
        r"^options$|^variations?$|^possibilit|^muligheder$|^spark|^springboard|^moodboard"
        r"|^concepts?$",
        r"\bfresh (eyes|take|angle|ideas?)\b|\bmood ?boards?\b|\boutside the box\b"
        r"|\bjumping[- ]off\b|\bnew (angles?|ways|approach\w*)\b|\bnye (veje|vinkler)\b",
    ),
    "getting_started": (
        r"^unstuck$",
        r"\bwriter'?s block\b|\bball rolling\b|\brunning on empty\b|\bkørt fast\b"
        r"|\bget (me |us )?going\b|\bfrom scratch\b",
    ),
    "clarity": (
        r"^concise|^tighten|^ramble|^waffl|^friendl|^tone$|^toneleje|^plainer$|^clearer$"
        r"|^legalese",
        r"\bmakes? sense\b|\beasier to (read|understand|follow)\b|\bsounds? (like a )?human\b"
        r"|\bin words\b|\bword(s|ing)? (it|them|things|my)\b|\blet(tere)? at forstå\b"
        r"|\bto the point\b",
    ),
    "overview": (
        r"^gist$|^essen(ce|s|sen)$|^condens|^distil|^highlights?$|^recap|^tl;?dr|^pointer(ne)?$"
        r"|^kernen$|^essentials$",
        r"\bbig picture\b|\bboils? (it |things |\w+ )?down\b|\bat a glance\b|\bkoge\w* ned\b"
        r"|\bthe (main|important) (bits|things|points)\b|\bsamlet billede\b",
    ),
    "little": (
        r"^meh$|^nil$|^zero$|^indtil$",
        r"\bnot a lot\b|\bnot yet\b|\bnone (yet|so far)\b|\bjury'?s (still )?out\b"
        r"|\btoo early\b|\bearly days\b|\bfor tidligt\b|\bikke endnu\b|\bindtil videre\b"
        r"|\bonly (played|tried|used)\b|\bikke kommet i gang\b|\bno (real )?role\b"
        r"|\bingen rolle\b|\bnot part of\b|\bdoesn'?t (really )?have\b|\bhardly any\b"
        r"|\bblocked\b|\bnot allowed\b|\bmå ikke bruge\b",
    ),
    "assistant": (
        r"^pa$|^gofer|^aide$|^minion|^håndlanger|^errands?$|^runner$",
        r"\bpersonal assistant\b|\b(extra|spare) (pair of )?hands\b|\bright hand\b"
        r"|\bekstra hænder\b|\bhøjre hånd\b",
    ),
    "sparring": (
        r"^rehears|^roleplay|^role-play|^debat|^soundboard|^challeng|^udfordre",
        r"\brubber duck\b|\btalks? (it |things )?(through|back)\b|\bthink(ing)? (it )?through\b"
        r"|\bpick(s)? holes\b|\bpush(es)? back\b|\bsecond opinion\b|\bbounce\w* (ideas )?off\b"
        r"|\bvende (idéer|ideer|tanker)\b|\bøve mig\b",
    ),
    "tool": (
        r"^apps?$|^autocorrect|^utility$|^plug-?ins?$|^add-?ons?$|^widgets?$|^devices?$"
        r"|^hammer$|^screwdriver$|^toolbox|^toolkit",
        r"\bnothing more\b|\bjust (a|another)\b|\bikke mere\b|\bswiss army\b|\bpower tool\b",
    ),
    "search": (
        r"^trawl|^reference$|^wiki|^faqs?$|^intranet",
        r"\bport of call\b|\bsearch engine\b|\bdig(s|ging)? through\b|\bwhere to find\b"
        r"|\bfind(s|ing)? (things|stuff|info\w*|answers?|out)\b|\bfinde frem\b",
    ),
    "review": (
        r"^vet(s|ted|ting)?$|^scrutin|^audit|^qa$|^kontrollant|^gennemlæs|^sign-?off",
        r"\bsigns? off\b|\bsigning off\b|\bquality (assurance|control)\b|\bgo(es|ing)? over\b"
        r"|\blook(s|ing)? over\b|\bcheck(s|ing)? (what|the|its|it)\b",
    ),
    "decisions": (
        r"^verdict",
        r"\bfinal (call|say|word|decision)\b|\bmakes? the (call|decision)\b|\bin charge\b"
        r"|\bbuck stops\b|\btræffe\w* (en |de |vores )?(beslutning|afgørelse)\w*",
    ),
    "jobs": (
        r"^cost-?cut|^shrink|^afskedig|^nedlæg|^ansættelsesstop|^hiring$|^recruit|^rekrutter"
        r"|^vacanc|^intake$|^outsourc",
        r"\bfewer of us\b|\bfærre af os\b|\blet go\b|\bout of (a |work|jobs?)\b"
        r"|\bjob (losses|cuts|security)\b|\bhire fewer\b|\bhiring freeze\b|\bwon'?t replace\b"
        r"|\bmake (us|people|staff) redundant\b",
    ),
    "loss": (
        r"^rusty$|^unlearn|^forvitr|^sløv|^dumb",
        r"\blose the (ability|knack|touch|skill\w*|feel)\b|\bstop (understanding|thinking)\b"
        r"|\bmiste evne\w*\b|\bgets? rusty\b|\bdumb\w* down\b|\bforget (the )?basics\b",
    ),
    "learning": (
        r"^webinar|^e-learning|^literacy|^practis|^practic|^hands-on|^introduktion",
        r"\bshow (us|me|people) how\b|\bhow to use\b|\btime to learn\b|\btraining (day|session)"
        r"\w*|\bprofessional development\b|\blære det\b",
    ),
    "rules": (
        r"^boundar|^permitted$|^permission|^banned$|^bans?$|^prohibit|^protocols?$|^grænse(r|rne)?$",
        r"\bdos and don'?ts\b|\bwhere the lines?\b|\b(draw|know|cross) the line\b"
        r"|\bred lines?\b|\bground rules\b|\bcode of conduct\b|\bcan and can'?t\b"
        r"|\bmå og ikke må\b|\bclear (rules|guidance)\b",
    ),
    "workload": (
        r"^overwork|^stretched$|^quotas?$|^squeez|^travlhed|^hamsterhjul|^overtime",
        r"\btwice (as much|the)\b|\bdouble the\b|\bmore calls\b|\bsane pace\b|\bpace of work\b"
        r"|\bpil(e|ed|ing) (on|up)\b|\bdump(ed)? on\b|\bextra work\w*\b|\bkeep up\b"
        r"|\bramp(ed)? up\b|\btime saved\b|\bløbe stærkere\b|\bmere for mindre\b"
        r"|\bfor travlt\b|\bpr\.? medarbejder\b",
    ),
    "participation": (
        r"^bottom-?up$|^top-?down$|^imposed$|^co-?design|^frontline|^buy-in|^lyt(te|ter|tet)?$"
        r"|^medarbejderinddragelse",
        r"\bask (the|us|staff|people|employees)\b|\bat the table\b|\bon the (shop )?floor\b"
        r"|\bpå gulvet\b|\bmed fra starten\b|\bfrom the start\b|\bemployee voice\b"
        r"|\blet (the|us) (\w+ )?decide\b|\bconsult(ing)? (us|staff|people)\b",
    ),
    "support": (
        r"^troubleshoot|^tickets?$|^backup$|^buddy$|^buddies$",
        r"\bnamed person\b|\bpoint of contact\b|\bknows? the ropes\b|\bacts? up\b"
        r"|\b(someone|somebody|a person|people) (we |you |i )?can (ask|call|go to|turn to)\b"
        r"|\bwho to (ask|call|turn to)\b|\bhand-?holding\b|\bget stuck\b|\ben at spørge\b"
        r"|\bhelp when\b",
    ),
    "relations": (
        r"^compassion|^rapport$|^connection|^listening$|^sympat|^medmenneskelig",
        r"\b(real|human) (voice|touch|being)\b|\btalking to (people|customers|someone|them)\b"
        r"|\bin person\b|\bbedside manner\b|\bsit with\b|\bbeing there\b|\blook \w+ in the eye\b",
    ),
    "privacy": (
        r"^fortrolig|^discre|^servers?$|^cloud$|^diskretion|^account(s)? details",
        r"\bpersonal (information|details)\b|\bstays? (with us|in the|in house|inside)\b"
        r"|\bthird part(y|ies)\b|\bcustomer data\b|\bclient data\b|\bdata stays\b",
    ),
    "ethics": (
        r"^profil(e|ing|ed|ering)$|^stereotyp|^racis|^racial|^impartial|^upartisk|^neutral"
        r"|^objektiv|^objectiv|^forskelsbehandl|^favourit|^favorit",
        r"\blevel playing field\b|\bwhatever their\b|\bwhoever they are\b|\bsame rules for\b",
    ),
    "responsibility": (r"^answerab", r"\bwhen it goes wrong\b|\bnår det går galt\b"),
    "transparency": (
        r"^ai-generated$|^ai-written$|^hiding$|^hide$|^skjule",
        r"\bcome clean\b|\bbe open\b|\bsay (when|if)\b|\blet (people|them|clients|customers) know"
        r"\b|\b(should|must|have a right to) know\b|\bwritten by (ai|a machine|a chatbot)\b"
        r"|\bcame from (a|the) (chatbot|machine|bot)\b|\bgøre opmærksom\b",
    ),
    "authenticity": (
        r"^originality$|^signature$|^handmade|^hand-?drawn|^håndtegn|^identity$|^soul$",
        r"\bown (work|style|design)\b|\bby hand\b|\bmade by (us|a person|hand|people)\b"
        r"|\bmaking something\b|\begen stil\b|\bhand drawing\b",
    ),
    "critical": (
        r"^autopilot|^complacen",
        r"\bthinks? for (us|me|them)\b|\btænker for (os|mig|dem)\b|\bswitch\w* (our |your )?"
        r"brains? off\b|\bslår hjernen fra\b",
    ),
}


def _with_family(concept: Concept) -> Concept:
    words, phrases = FAMILIES.get(concept.id, ("", ""))
    joined_words = "|".join(p for p in (concept.words, words) if p)
    joined_phrases = "|".join(p for p in (concept.phrases, phrases) if p)
    return replace(concept, words=joined_words, phrases=joined_phrases)


CONCEPTS = tuple(_with_family(c) for c in CONCEPTS)

CONCEPT_BY_ID: dict[str, Concept] = {c.id: c for c in CONCEPTS}
