"""validate/restated.py: each Python restatement of a SHACL-SPARQL constraint says
"no solution" only where the constraint's own query, run by Oxigraph on the
batch, finds none: on every real batch (where it must also decide, or the
verdict would build a store again), on the crafted defects and good variants
of test_shapes.py, and on a few thousand batches mutated at random (a seeded
generator: the same batches in every run). The literal forms it models are
the ones Oxigraph stores unchanged."""

import random
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode
from rdflib.namespace import SH

from mskg.validate import restated, verdict
from test_verdict import articles, context, crafted_own, EXAMPLES, own

XS = "http://www.w3.org/2001/XMLSchema#"


def violations():
    """(target classes, constraint, restatement) of every constraint the verdict runs."""
    constraints = [(classes, c) for classes, c in context().compiled.sparql if c.severity == SH.Violation]
    return [(classes, c, r) for (classes, c), r in zip(constraints, context().restated)]


def prepared(triples):
    """The batch as verdict.conforms sees it, and a store of it, or None where conforms declines."""
    made = verdict.reached_batch(triples, context())
    if made is None:
        return None
    data, described = made
    store = pyoxigraph.Store()
    store.extend([pyoxigraph.Quad(*t) for t in data.triples] + context().quads(described))
    return data, store


def outcomes(triples):
    """For each restated constraint with focus nodes in the batch: (name, what the
    restatement says, whether its query has a solution for an instance of a target
    class: the batch's own, or a reference node the batch reaches, which has none)."""
    made = prepared(triples)
    if made is None:
        return []
    data, store = made
    out = []
    for classes, constraint, restatement in violations():
        focus = data.own_instances(classes)
        if restatement is None or not focus:
            continue
        solutions = bool(store.query(verdict._ask(context().prologue, [verdict._on_instances(classes, constraint)])))
        out.append((restatement.__name__, restatement(data, focus), solutions))
    return out


def test_every_constraint_on_an_articles_own_nodes_is_restated():
    seen = set()
    for article in articles():
        made = prepared(own(article))
        assert made is not None
        for classes, constraint, restatement in violations():
            if made[0].own_instances(classes):
                assert restatement is not None, constraint.select
                seen.add(restatement.__name__)
    assert len(seen) >= 16


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.file)
def test_on_every_real_batch_each_restatement_decides_as_its_query(article):
    results = outcomes(own(article))
    assert results
    for name, clean, solutions in results:
        assert clean and not solutions, name


@pytest.mark.parametrize("delete,insert", EXAMPLES)
def test_on_the_crafted_batches_no_restatement_says_clean_where_its_query_has_a_solution(delete, insert):
    for name, clean, solutions in outcomes(crafted_own(delete, insert)):
        assert not (clean and solutions), name


def stored(literal: Literal) -> Literal:
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(NamedNode("urn:s"), NamedNode("urn:p"), literal))
    return next(iter(store)).object


LEXICALS = ["0", "7", "12", "-3", "-0", "+3", "07", "007", "1.0", "1.5", "1.50", "0.5", ".5", "-0.0", "0.0", "1e3",
            "12.345678901234567", "1." + "0" * 17 + "1", "9" * 18, "9" * 19, "1" + "0" * 23, "abc", "", " 7", "2024",
            "02024", "2024Z", "-2024", "0999"]
DATATYPES = ["integer", "nonNegativeInteger", "positiveInteger", "decimal", "gYear", "double", "string", "date"]


@pytest.mark.parametrize("datatype", DATATYPES)
def test_the_literals_restated_reads_are_the_ones_oxigraph_keeps_as_they_are(datatype):
    modelled = 0
    for lexical in LEXICALS + [str(n) for n in range(-50, 3000, 7)]:
        literal = Literal(lexical, datatype=NamedNode(XS + datatype))
        kept = stored(literal)
        if restated.text(literal) is not None:
            modelled += 1
            assert kept.value == lexical, (lexical, datatype)
        value = restated.number(literal)
        if value is not None:
            assert kept.value == lexical and value == Decimal(lexical)
            assert kept.datatype.value == XS + ("decimal" if datatype == "decimal" else "integer")
    assert (modelled > 0) == (datatype not in ("double", "date"))


# Mutations: each takes the batch's triples and a random source and returns changed triples.
# They pick a node class by class (a batch holds ~50 evidence spans for one program item),
# then one of its triples.

TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def pick_node(triples, rng):
    classes = sorted({o.value for _, p, o in triples if p == TYPE})
    cls = NamedNode(rng.choice(classes))
    return rng.choice([s for s, p, o in triples if p == TYPE and o == cls])


def pick(triples, rng) -> int:
    node = pick_node(triples, rng)
    return rng.choice([i for i, (s, p, o) in enumerate(triples) if node in (s, o) and p != TYPE] or [0])


def _literal_variants(term, rng):
    if not isinstance(term, Literal):
        return [Literal("x"), BlankNode(), Literal("1", datatype=NamedNode(XS + "integer"))]
    lexical, datatype = term.value, term.datatype
    variants = [Literal(lexical), Literal(lexical, language="zh"), Literal(lexical, datatype=NamedNode(XS + "double")),
                Literal("0" + lexical, datatype=datatype), Literal(lexical + "0", datatype=datatype),
                Literal(lexical[:-1], datatype=datatype), Literal("-" + lexical, datatype=datatype),
                Literal(lexical, datatype=NamedNode(XS + "decimal")),
                Literal(lexical, datatype=NamedNode(XS + "integer")),
                NamedNode("https://w3id.org/mskg/id/" + quote(lexical[:20] or "x")), BlankNode()]
    try:
        number = Decimal(lexical)
        for changed in (number + 1, number - 1, number * 1000, -number, number + Decimal("0.5")):
            variants.append(Literal(format(changed.normalize(), "f"), datatype=datatype))
    except ArithmeticError:
        position = rng.randrange(len(lexical) + 1)
        inserted = lexical[:position] + rng.choice("的𠀀/#,x0 ") + lexical[position:]
        variants.append(Literal(inserted, datatype=datatype))
    return variants


def change_object(triples, rng):
    i = pick(triples, rng)
    s, p, o = triples[i]
    return triples[:i] + [(s, p, rng.choice(_literal_variants(o, rng)))] + triples[i + 1:]


def add_value(triples, rng):
    s, p, o = triples[pick(triples, rng)]
    return triples + [(s, p, rng.choice(_literal_variants(o, rng)))]


def drop(triples, rng):
    i = pick(triples, rng)
    return triples[:i] + triples[i + 1:]


def rename(triples, rng):
    node = pick_node(triples, rng)
    if not isinstance(node, NamedNode):
        return triples
    new = rng.choice([BlankNode(), NamedNode(node.value + rng.choice(["x", "/0", "0"])),
                      NamedNode(node.value[:-1] + rng.choice("0123456789abcdef")),
                      NamedNode(node.value.replace("/provisional/", "/").replace("/item/", "/items/"))])
    return [(new if s == node else s, p, new if o == node else o) for s, p, o in triples]


def swap(triples, rng):
    i, j = pick(triples, rng), pick(triples, rng)
    (s, p, o), (t, q, v) = triples[i], triples[j]
    out = list(triples)
    out[i], out[j] = (s, p, v), (t, q, o)
    return out


def copy_value(triples, rng):
    """One node's value of a predicate given to another node that has that predicate."""
    s, p, o = triples[pick(triples, rng)]
    others = [i for i, (t, q, v) in enumerate(triples) if q == p and t != s]
    if not others:
        return triples
    i = rng.choice(others)
    out = list(triples)
    out[i] = (out[i][0], p, o)
    return out


MUTATIONS = [change_object, change_object, change_object, add_value, drop, rename, swap, copy_value]
ROUNDS = 60


@pytest.mark.parametrize("seed", range(40))
def test_on_mutated_batches_no_restatement_says_clean_where_its_query_has_a_solution(seed):
    rng = random.Random(seed)
    batches = [own(a) for a in articles()]
    decided = caught = 0
    for _ in range(ROUNDS):
        triples = rng.choice(batches)
        subjects = {s for s, _, _ in triples}
        # mostly the triples the restated constraints read (about the article's own nodes)
        for _ in range(rng.choice([1, 1, 2, 3])):
            triples = rng.choice(MUTATIONS)(triples, rng)
        triples = [t for t in triples if t[0] in subjects or not isinstance(t[0], NamedNode)
                   or t[0].value.startswith(restated.ID)]
        for name, clean, solutions in outcomes(triples):
            assert not (clean and solutions), (seed, name)
            decided += clean
            caught += solutions
    assert decided > ROUNDS and caught > 0  # the mutations reach the constraints, both ways
