"""Common Danish and English given names and surnames, for the offline name scrubber.

Written by hand for Vogter (not copied from any data set), so it is part of Vogter and
under its licence, AGPL-3.0-or-later. It is deliberately compact: a few hundred of the
names most often met in Danish and English-speaking workplaces. A name that is not
here is caught only through a cue ("min kollega …", "my manager …"; see scrub.py), so
the list reduces what slips through; it does not make it nothing (see docs/llm.md).

Names that are also ordinary words ("Per uge", "Will it …", "Mark", "August") are in
AMBIGUOUS_GIVEN_NAMES instead: they count as names only next to another name or after
a cue, so a sentence that starts with one is left alone.
"""


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES: frozenset[str] = word_set(
    """
    aase agnes alberte alexandra alma amalie andrea anette anita anja anna anne annette
    anne-marie annie astrid benedikte bente berit birgit birgitte birthe bodil britt
    camilla caroline cecilie charlotte christina christine clara connie dagmar ditte
    dorte dorthe ellen ellinor elisabeth ella emilie emma erna esther eva freja frida
    gitte grethe gudrun hanne hannah heidi helene helle henriette ida inge inger ingrid
    irene jane janne jeanette jette johanne josefine julie jytte karen karin karina
    karla katrine kirsten kirstine klara kristina laura lene lilly lis lisa lisbeth lise
    liva lotte louise maiken maja malene margrethe maria marianne marie merete
    mette mia mie mille mona nadia nanna nathalie nina nora olivia pernille pia
    rikke ruth sanne sara sarah signe silje simone sofia sofie solveig stine susanne
    tanja tina tine tove trine ulla ursula vibeke victoria vigga winnie yvonne
    aksel albert alexander alfred allan anders andreas anton arne asger benny bent
    bjarne bjørn brian carl carsten casper christian christoffer claus dennis elias
    emil erik erling esben finn flemming frederik georg gunnar gustav hans harald
    helge henning henrik ib jacob jakob jens jeppe jesper joachim johan
    johannes john jonas jonathan jørgen jørn kasper kenneth kim klaus knud kristian
    kristoffer kurt lars lasse leif lucas lukas magnus malthe marius martin mathias
    mads mikael mikkel michael morten nicolai niels nikolaj noah ole oliver oscar
    oskar palle peter philip poul preben rasmus rené rune sebastian simon steen
    steffen stig svend søren thomas tobias torben troels ulrik valdemar verner
    victor viggo villads william
    aaron abigail adam alice amanda amy andrew angela anthony ashley barbara
    benjamin betty brandon brenda brittany catherine charles cheryl christopher
    cynthia daniel danielle david deborah debra denise diana donald donna dorothy
    edward elizabeth emily eric evelyn gary george gloria gregory hannah harry
    heather helen henry isabella jacqueline james janet janice jason jeffrey jennifer
    jeremy jessica joan joseph joshua judith judy julia justin katherine kathleen
    kathryn kayla kelly kevin kimberly kyle larry lauren linda lisa lori margaret
    marilyn martha mary matthew megan melissa michelle nancy natalie nathan nicholas
    nicole pamela patricia patrick paul rachel rebecca richard robert ronald ryan
    samantha samuel sandra scott sharon shirley sophia stephanie stephen steven susan
    teresa theresa timothy tyler zachary
    """
)

AMBIGUOUS_GIVEN_NAMES: frozenset[str] = word_set(
    """
    amber april art august ben bill bo bob dean don else frank gene grace gry hope
    jack jan joy june kai line lykke mark max may naja per ray rich rose sol sten sue
    summer will
    """
)

SURNAMES: frozenset[str] = word_set(
    """
    andersen andreasen bertelsen christensen christiansen clausen eriksen frederiksen
    hansen henriksen iversen jacobsen jakobsen jensen jeppesen jepsen jespersen
    johansen jørgensen kjeldsen kjær knudsen kristensen kristiansen larsen lassen
    lauridsen laursen madsen mikkelsen mogensen mortensen møller nielsen nissen
    nørgaard olsen pedersen petersen poulsen rasmussen schmidt simonsen svendsen
    sørensen thomsen thygesen vestergaard østergaard
    anderson davis garcia johnson jones miller robinson rodriguez smith taylor
    thompson williams wilson
    """
)
