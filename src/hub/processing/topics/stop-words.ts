/**
 * Words that say nothing about what an insight is about, left out of topic
 * terms: English function words (after the common lists of Lucene and NLTK)
 * and the fillers of customer speech. Negations and question words stay out
 * too: they recur in every topic and would only blur the c-TF-IDF names.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between both but by can cannot could
couldn did didn do does doesn doing don down during each else etc even ever every few for from further get got had hadn has hasn have haven having he her here hers
herself him himself his how however i if in into is isn it its itself just let like ll may me might mine more most much must mustn my myself need no nor not now
of off on once one only or other ought our ours ourselves out over own re really s same shall shan she should shouldn so some still such t than that the their
theirs them themselves then there these they this those through thus to too under until up upon us ve very via was wasn way we well were weren what when where
which while who whom whose why will with won would wouldn yet you your yours yourself yourselves hi hello hey please thanks thank ok okay yes yeah oh um uh hmm
d m o y im ive id dont cant wont isnt doesnt didnt`.split(/\s+/),
);
