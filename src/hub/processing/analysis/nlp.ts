/**
 * wink-nlp with its bundled English model, loaded once per process (about
 * 0.4 s; the model ships inside the npm package, so nothing downloads). The
 * pipe skips named-entity and custom-entity recognition, which no stage
 * reads.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export const nlp = winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
export const its = nlp.its;
