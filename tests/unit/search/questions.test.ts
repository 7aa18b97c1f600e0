import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONCEPTS, conceptTerms, isQuestion, PHRASE_CONCEPT_WEIGHT, questionWeight, stem, WEAK_WEIGHT, WORD_CONCEPT_WEIGHT } from '../../../lib/search/questions';
import { normalizeTerm, tokenize } from '../../../lib/search/text';

describe('questions', () => {
  test('a query is a question when it starts like one, ends with ?, or runs to a sentence', () => {
    assert.equal(isQuestion('how do I cancel goroutines'), true);
    assert.equal(isQuestion('should I use a ballast'), true);
    assert.equal(isQuestion('goroutine leak in production?'), true);
    assert.equal(isQuestion('dedupe concurrent requests for the same key'), true);
    assert.equal(isQuestion('errgroup setlimit'), false);
    assert.equal(isQuestion('how'), false);
  });

  test('filler words drop out of a question, weak words count for a fraction', () => {
    assert.equal(questionWeight('do'), 0);
    assert.equal(questionWeight('use'), 0);
    assert.equal(questionWeight('stop'), WEAK_WEIGHT);
    assert.equal(questionWeight('goroutines'), 1);
  });

  test('stems join the forms of a word and leave short or odd words alone', () => {
    for (const [forms, expected] of [
      [['fail', 'fails', 'failed', 'failing', 'failure', 'failures'], 'fail'],
      [['query', 'queries'], 'query'],
      [['scan', 'scans', 'scanning', 'scanned'], 'scan'],
      [['cancel', 'cancels', 'cancelled', 'canceled', 'cancelling'], 'cancel'],
      [['partition', 'partitions', 'partitioned', 'partitioning'], 'partition'],
    ] as const) {
      for (const form of forms) assert.equal(stem(form), forms[0].length <= 4 ? forms[0] : expected, `${form} → ${stem(form)}`);
    }
    assert.equal(stem('g0'), 'g0');
    assert.equal(stem('class'), 'class');
    assert.equal(stem('access'), 'access');
  });

  test('the concept map adds the articles’ words, phrases surer than single words', () => {
    const dedupe = conceptTerms('dedupe concurrent requests');
    assert.equal(dedupe.get('singleflight'), WORD_CONCEPT_WEIGHT);
    const cancel = conceptTerms('how do I cancel other goroutines when one fails');
    assert.equal(cancel.get('errgroup'), PHRASE_CONCEPT_WEIGHT);
    assert.equal(cancel.get('withcontext'), PHRASE_CONCEPT_WEIGHT);
    assert.equal(conceptTerms('bencode parser').size, 0, 'no concept for words the articles already use');
    assert.equal(conceptTerms('Rate-Limit each client').get('throttling'), PHRASE_CONCEPT_WEIGHT, 'punctuation and case fold as in the index');
  });

  test('every trigger is written as the query side will see it (lowercase words, single spaces)', () => {
    for (const { when, add } of CONCEPTS) {
      for (const phrase of when) assert.equal(tokenize(phrase).map(normalizeTerm).join(' '), phrase, `trigger "${phrase}"`);
      for (const term of add) assert.deepEqual(tokenize(term).map(normalizeTerm), [term], `added term "${term}" is one index term`);
    }
  });
});
