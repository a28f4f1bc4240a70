/**
 * The cues of each insight type (docs/processing.md, "Insights"): regular
 * expressions over a sentence's lemmas (`read-text.ts`: lower case,
 * space-separated, "doesn't" read "do not", "app" read "application").
 * `cues` are cancelled by a negator just before them ("it's not broken");
 * `fixed` cues carry their own negation or mean the same under one ("it
 * doesn't load", "no way to export").
 */
import type { InsightType } from '../analyzer.ts';

export interface TypeCues {
  readonly cues: readonly string[];
  readonly fixed: readonly string[];
  /**
   * Cues that name a capability: a request when stated ("we need an option
   * to export"), a `question` when asked ("is there an option to export?").
   */
  readonly stated?: readonly string[];
}

/** Objects of "cancel" that mean leaving, not calling off one order or meeting. */
const SERVICE = '(?:account|subscription|plan|contract|service|membership|policy|license|licence|seat|line|renewal|card|agreement|deal|everything|it all|we all|us)';
const NOT = '(?:not|never)';
const ALL_WORK_VERBS = '(?:work|load|open|sync|save|send|connect|display|show|update|upload|download|respond|start|launch|run|print|refresh|appear|export|import|submit|go through|process|charge|install|register|pair)';

export const INSIGHT_CUES: Readonly<Record<Exclude<InsightType, 'competitor' | 'question'>, TypeCues>> = {
  churn_risk: {
    cues: [
      `cancel (?:my|our|the|this|your)? ?(?:\\w+ )?${SERVICE}`,
      '(?:go|want|need|plan|have|decide|try|ready|about) to (?:cancel|leave|close|terminate|end|switch|unsubscribe|downgrade|churn|quit)',
      '(?:think|thinking|consider|considering) (?:about |of )?(?:cancel|leave|leaving|switch|switching|close|closing|move|moving|terminate|end|drop|downgrade|churn)',
      'close (?:my|our|the) (?:account|accounts)', 'terminate (?:my|our|the) (?:contract|account|subscription|agreement|service)',
      'end (?:our|my|the) (?:contract|relationship|partnership|subscription)',
      'switch (?:provider|providers|bank|banks|carrier|carriers|vendor|vendors|supplier|suppliers|tool|platform|to (?:another|a different|someone else|a competitor))',
      'look (?:for|at|into) (?:another|other|a new|a different|an alternative|alternative|alternatives|other option|competitor)',
      '(?:take|move) (?:our|my) (?:business|money|account|accounts) (?:elsewhere|somewhere else|to another)',
      'shop around', 'last straw', 'pull the plug', 'done with (?:you|this|your)', 'fed up', 'find (?:another|a new|a different) (?:provider|bank|carrier|vendor|tool|supplier|company)',
      'churn', 'unsubscribe', 'downgrade', 'port (?:my|our) (?:number|numbers) out', 'port out',
      '(?:stop|quit) (?:use|using) (?:you|your|the|this)', 'get rid of (?:this|your|the)',
      'reconsider (?:our|the|my) (?:contract|subscription|relationship|partnership|renewal|account)',
      'evaluate (?:other|alternative) (?:options|vendors|tools|providers|solutions)',
      'leave (?:you|your|the bank|this bank)', 'be leave', 'move (?:away|elsewhere|on from)',
    ],
    fixed: [
      `${NOT} (?:be )?(?:go to )?renew`, 'will not be renew', 'would not renew', 'no longer (?:need|use|want|renew)',
      'not (?:go to )?stay', 'can not justify (?:the|this|keep|renew|pay)', 'not worth (?:keep|stay|renew)',
    ],
  },
  bug: {
    cues: [
      'crash', 'bug', 'buggy', 'broken', 'break', 'broke', 'glitch', 'glitchy', 'freeze', 'frozen', 'hang', 'error', 'errors',
      'exception', 'fail', 'failure', 'fails', 'outage', 'go down', 'be down', 'down again', 'timeout', 'time out',
      'blank (?:page|screen)', 'white screen', 'spin(?:ning)? (?:wheel|forever)', 'keep (?:crash|fail|freeze|log me out|drop|reset|disconnect|spin|reload|restart|load|hang|show|say)',
      'log (?:me|us|i|we) out', 'disconnect', 'drop (?:call|calls)', 'call (?:keep )?drop', 'duplicate', 'corrupt',
      'disappear', 'wrong (?:amount|total|balance|number|date|time|data|address|figure|figures|price|value|status|name|currency|report)',
      'show (?:the )?(?:wrong|incorrect|old|zero)', 'incorrect', 'inaccurate', 'mismatch', 'out of sync', '404', '500', '502', '503',
      'reset (?:itself|by itself|on its own)', 'stick (?:on|at) (?:load|the load|process|pending)', 'stuck (?:on|at|in) (?:load|the|pending|process)',
      'greyed out', 'gray out', 'grey out', 'unresponsive', 'unusable', 'flaky', 'something (?:be|go) wrong', 'malfunction',
      'defect', 'no signal', 'no service', 'no dial tone', 'no internet', 'lose (?:connection|signal|datum|data|my data|all)',
      'data (?:be )?(?:go|lose|miss|wipe)',
    ],
    fixed: [
      `(?:do|does|will|would|can|could|be|have) ${NOT} (?:\\w+ )?${ALL_WORK_VERBS}`, `${NOT} ${ALL_WORK_VERBS}(?:ing)?\\b(?! out)`,
      `stop (?:work|load|sync|respond|send|connect|show|update)`, 'be not (?:work|load|sync|show|update|go through)',
      'can not (?:log|sign) (?:in|into|on)', 'unable to (?:log|sign|access|load|open|save|connect|send|upload|download|complete|make|process|export|login)',
      'can not (?:access|open|load|connect|upload|download|save|export|complete|make|submit)', 'never (?:load|work|arrive on the screen)',
    ],
  },
  pricing: {
    cues: [
      'price', 'pricing', 'priced', 'cost', 'costs', 'expensive', 'cheap', 'cheaper', 'pricey', 'overpriced', 'afford', 'affordable',
      'discount', 'fee', 'fees', 'surcharge', 'overcharge', 'charge (?:me|us|twice|double|for|extra|a)', 'be charge', 'double charge',
      'bill (?:me|us|twice)', 'billing', 'invoice', 'invoiced', 'refund', 'quote', 'per (?:seat|user|month|year|license|agent|minute|gb)',
      'a (?:month|year)', 'monthly (?:fee|payment|rate|charge|cost)', 'annual (?:fee|plan|contract|price)', '(?:pricing|paid|premium|pro|enterprise|business|basic|starter) (?:plan|tier)',
      'plan cost', 'tier', 'overage', 'interest rate', 'apr', 'rate increase', 'budget', 'pay (?:for|more|less|extra|that much|twice)',
      'value for money', 'worth the (?:money|price|cost)', 'money', 'subscription fee', '\\$ ?\\d', '€ ?\\d', '£ ?\\d', '\\d+ (?:dollar|dollars|euro|euros|pound|pounds|buck|bucks)',
      'promo', 'coupon', 'free trial', 'trial', 'license cost', 'licensing', 'rate', 'rates', 'markup', 'pay',
    ],
    fixed: [],
  },
  objection: {
    cues: [
      'concern(?:ed)? (?:about|that|with|regard)', 'worry (?:about|that)', 'worried (?:about|that)', 'hesitant', 'skeptical', 'sceptical',
      '(?:need|have|want) to (?:check|talk|run it|run this|discuss|get approval|get sign|get buy|clear it|think about|consult)',
      '(?:sign - off|sign off|signoff|approval|buy - in|buy in|green light) from', 'legal (?:team|review|department)', 'procurement', 'security (?:review|team|questionnaire|concern|requirement)',
      'compliance', 'soc 2', 'soc2', 'gdpr', 'hipaa', 'pci', 'iso 27001', 'data residency', 'where (?:be )?(?:our|the|my) data (?:store|host|keep)',
      'already (?:have|use|pay for|invest|got)', 'happy with (?:our|what we|the current|my current)', '(?:current|existing) (?:vendor|provider|tool|solution|system|contract)',
      'lock (?:in|into|us in)', 'long - term (?:contract|commitment)', '(?:multi|multiple) - year', 'commit to', 'commitment',
      'not the right time', 'not a priority', 'bad timing', 'revisit (?:this|it|that)', 'next (?:quarter|year|fiscal)', 'circle back', 'maybe later',
      'too (?:complex|complicated|risky|big a change|much (?:work|effort|change))', 'migration', 'implementation (?:time|effort|cost|take)', 'onboarding (?:time|effort)',
      'risk', 'risky', 'prove (?:it|that)', 'case study', 'reference (?:customer|customers|call)', 'track record', 'what if',
      '(?:my|our) (?:boss|manager|cfo|cto|ceo|cio|board|director|leadership|management|it department|it team|team|legal) (?:would|will|need|have|be|want|think|say)',
      'not convince', 'not sure (?:it|this|that|we|you|about|if|whether|how)', 'doubt', 'overkill', 'more than we need', 'do not see the value',
      'not (?:a )?(?:good )?fit', 'do not fit', 'be not ready', 'not ready', 'too small (?:for|to)', 'too early',
    ],
    fixed: ['(?:do|does) not (?:meet|fit|match) (?:our|us|my)', 'not (?:see|convince)', 'do not (?:need|think we need) (?:all|another|a new)', 'no (?:need|use) for'],
  },
  feature_request: {
    cues: [
      '(?:we|i|they|team|user|users|customer|customers|you guy) (?:really |would |also |just |still |definitely |desperately |badly |urgently )*need (?:a|an|the|to be able|some|more|better|support|sso|to have|it to)',
      'would (?:be )?(?:great|nice|helpful|awesome|amazing|useful|good|ideal|perfect|fantastic|cool|lovely|handy|brilliant|wonderful|better|easier|a lot easier|a big help|huge|a game changer) (?:if|to|for|feature|addition|option|have)',
      '(?:would|really would|\'d) love (?:to|a|an|if|the|some|it|for|more|better)', 'wish (?:there|it|you|we|i|the|your)', 'if only',
      '(?:can|could|would|will) you (?:please )?(?:guy )?(?:add|build|include|implement|introduce|support|make it possible|consider add|give us|provide|offer|allow|let)',
      'please (?:add|build|include|implement|support|consider|make|allow|let|bring|give)', '(?:add|adding) (?:support|an option|a feature|the ability|a way|a setting|a button|an integration|integration|a toggle|more|bulk)',
      'feature request', 'nice to have', 'any plan to', 'any plans to', 'plan to (?:add|support|build|offer|release|introduce)', 'on (?:the|your) roadmap', 'roadmap',
      '(?:is|be) it possible to (?:add|get|have)', '(?:would|\'d) like (?:to see|an option|a way|the ability|the option|to be able|it to|you to add|more|better|support)',
      'should (?:be able to|have|allow|let|support|offer|include|integrate|be possible)', 'allow (?:us|me|users|admins|customers|people) to', 'let (?:us|me|users|admins) (?:\\w+ )',
      '(?:need|want|want to see|request|suggest|suggestion|propose|recommend) (?:a|an|that you|adding|the option|the ability|some kind of|more)', 'suggestion', 'it would help (?:if|to|a lot)', 'would make (?:it|our|my|life|things) (?:a lot |so much |much )?(?:easier|better|simpler)',
      'hope(?:fully)? you (?:add|will add|can add|guy add)', 'when will you (?:add|support|release|offer)', 'be there any chance', 'any chance (?:you|we|of)',
    ],
    stated: [
      'ability to', 'option to', 'way to (?:bulk|automatically|schedule|customize|customise|filter|export|set|integrate|sync|share|tag|merge|undo|search|sort|group|assign|track|add|turn|change|see|get)',
      'support for', 'integrate with', 'integration with', 'integration for',
    ],
    fixed: [
      '(?:do|does) not (?:support|have|offer|integrate|allow|let)', '(?:there be|there\'s|there is) no (?:way|option|setting|button|ability|feature|integration|support)', 'no way to',
      'no option to', 'no ability to', 'not (?:yet )?(?:support|available|possible)', 'lack (?:a|an|the|of|support)', 'miss (?:a|an|the) (?:feature|option|ability|integration|way|setting)',
      'can not (?:\\w+ )?(?:bulk|schedule|customize|customise|filter|export|integrate|sync|tag|merge|undo|search|sort|group|assign|automate)',
    ],
  },
  pain_point: {
    cues: [
      'slow', 'sluggish', 'take (?:too long|forever|age|ages|so long|hour|hours|day|days|week|weeks|a long time)', 'too long', 'too many (?:step|steps|click|clicks|screen|screens|email|emails|notification|notifications|tab|tabs|call|calls)',
      'confusing', 'confuse', 'confused', 'hard to', 'difficult to', 'difficult', 'complicated', 'frustrating', 'frustrate', 'frustrated', 'annoying', 'annoy', 'annoyed',
      'tedious', 'time - consuming', 'time consuming', 'manual', 'manually', 'by hand', 'clunky', 'cumbersome', 'painful', 'pain', 'hassle', 'headache', 'nightmare',
      'struggle', 'struggling', 'waste (?:of )?(?:time|hour|hours|money|day)', 'have to (?:re|keep|go|call|wait|manually|copy|type|enter|log|click|do|repeat|chase|explain|start|switch|remember|check|export|download|open|fill|contact|email)',
      'keep have to', 'every (?:single )?time (?:i|we)', 'on hold', 'wait(?:ing)? (?:for|on|since|over|more than|almost) (?:\\w+ )?(?:hour|hours|minute|minutes|day|days|week|weeks|month|months|ever|a response|an answer|a reply)',
      'still (?:wait|waiting|have not|have no|no|nothing|not hear)', 'no one (?:get|have|call|answer|respond|reply|help|can|seem|ever|be)', 'nobody (?:get|have|call|answer|respond|reply|help|can|seem|ever)',
      'never (?:hear|get) back', 'no (?:response|reply|answer|update|follow - up|communication)', 'lose track', 'overwhelm', 'overwhelming', 'clutter', 'cluttered', 'messy',
      'late', 'delay', 'delayed', 'never arrive', 'not arrive', 'have not arrive', 'not (?:receive|get) (?:my|the|our|a|any)', 'miss (?:delivery|package|parcel|shipment|order|item|items)',
      'damaged', 'lost (?:package|parcel|shipment|order)', 'inconvenient', 'inconvenience', 'unclear', 'hidden', 'hard to find', 'can not find', 'could not find',
      'can not figure', 'could not figure', 'not intuitive', 'unintuitive', 'poor (?:support|service|communication|experience|documentation|docs|ux|design)',
      'bounce (?:around|between|from)', 'transfer (?:me )?(?:\\w+ )?(?:time|times|around)', 'repeat (?:myself|my)', 'explain (?:my|the) (?:issue|problem|situation) (?:again|three|multiple|several)',
      'lag', 'laggy', 'inconsistent', 'unreliable', 'workaround', 'spreadsheet', 'copy and paste', 'copy - paste', 'double entry', 'steep learning curve', 'learning curve',
      'drive (?:me|us|everyone) (?:crazy|nuts|mad)', 'it be a pain', 'ridiculous', 'unacceptable', 'disappointed', 'disappointing', 'upset', 'angry', 'terrible', 'awful', 'horrible', 'worst',
    ],
    fixed: ['not (?:easy|clear|obvious|intuitive|user - friendly|user friendly|straightforward|helpful)', 'can not (?:seem to|ever|never)', 'never (?:know|remember|get)'],
  },
  praise: {
    cues: [
      'love', 'loved', 'great', 'excellent', 'amazing', 'awesome', 'fantastic', 'wonderful', 'brilliant', 'superb', 'outstanding', 'impressive', 'impressed', 'perfect', 'perfectly',
      'helpful', 'super helpful', 'easy to use', 'easy to set up', 'intuitive', 'seamless', 'seamlessly', 'smooth', 'smoothly', 'flawless', 'flawlessly', 'reliable', 'rock solid',
      'save (?:us|me|my team|our team|the team|a lot of|so much|hour|hours|time|tons)', 'game changer', 'game - changer', 'lifesaver', 'life saver', 'kudos', 'shout - out', 'shout out', 'well done', 'good job', 'great job',
      'big fan', 'huge fan', 'best (?:tool|product|app|application|service|support|experience|decision|thing|bank|carrier|part|feature|investment)', 'recommend', 'happy with', 'pleased with', 'satisfied with', 'delighted',
      'thank you so much', 'really appreciate', 'appreciate (?:it|that|the|your|how|you)', 'much appreciated', 'work (?:great|well|perfectly|like a charm|beautifully|flawlessly|nicely)', 'quick (?:response|reply|turnaround|fix)',
      'fast (?:response|reply|turnaround|fix|delivery|shipping)', 'so easy', 'really easy', 'super easy', 'nice', 'cool', 'beautiful', 'beautifully', 'solid', 'good', 'love how', 'love that',
      'exceed (?:my|our) expectation', 'above and beyond', 'made my day', 'make my day', 'solve (?:my|our|the) (?:problem|issue)', 'fix (?:it|my|our|the) (?:problem|issue)?', 'that fix', 'that do it', 'that work',
    ],
    fixed: ['no (?:complaint|complaints|issue|issues|problem|problems) (?:so far|at all|since|with)', 'never (?:have|had) (?:a|any) (?:problem|issue)', 'could not be happier', 'can not complain', 'could not ask for'],
  },
};

/**
 * Sentences that are how an agent speaks, not what a customer says; in an
 * unlabelled transcript they must not become customer insights.
 */
export const AGENT_PHRASES = [
  'let me (?:check|look|see|pull|find|transfer|escalate|get|confirm|walk|verify|take a look|just|quickly|go ahead)', 'i will (?:escalate|transfer|check|look into|raise|log|create|open|send you|follow up|get back|pass|forward|make sure|note)',
  'i (?:have|\'ve) (?:escalate|raise|log|create|open|forward|pass|note|submit|file|flag)', 'i (?:can|could) (?:offer|help you|check|see that|confirm|transfer|escalate|walk you|set that up|arrange|issue)',
  'be there anything else (?:i|we) can', 'anything else i can help', 'thank you for (?:call|contact|reach|choose|your patience|hold|wait|be a)', 'thanks for (?:call|contact|reach|hold|your patience|wait)',
  'i (?:understand|totally understand|completely understand) (?:your|how|that|the)', 'i (?:apologize|apologise|be sorry) for (?:the|any|this|that)', 'sorry (?:for|about) the (?:inconvenience|wait|trouble|delay)',
  'one moment while', 'bear with me', 'my name be \\w+ (?:and|from)', 'how (?:can|may) i (?:help|assist)', 'what can i do for you', 'i be happy to (?:help|assist|look|check)',
  'our (?:engineering|product|technical|billing|support) team (?:be|will|have|is)', 'i (?:have|\'ve) (?:apply|issue|add|process|credit|refund|reset|update)', 'you should (?:receive|see|get) (?:a|an|the|it)',
  'we (?:will|\'ll) (?:credit|refund|send|email|reach|notify|look into|get back)', 'can i (?:put you on hold|place you on hold|get your|have your|ask you|confirm|take)', 'could you (?:confirm|verify|provide|give me|tell me) your',
  'for (?:security|verification) purpose', 'this call (?:may|be|will) be record', 'have a (?:great|good|nice|lovely) (?:day|weekend|evening)',
];

/**
 * Questions that keep a conversation going and ask nothing about the
 * product or service: not `question` insights.
 */
export const PHATIC_QUESTIONS = [
  'can you hear me', 'be you (?:still )?there', 'hello \\?', 'be this (?:a good time|\\w+ \\?)', 'who be this', 'how be you', 'how be it go', 'how be your (?:day|week|weekend|morning)',
  'what be your name', 'can you repeat', 'could you repeat', 'say that again', 'sorry \\?', 'pardon \\?', 'what \\?', 'huh \\?', 'right \\?', 'okay \\?', 'ok \\?', 'you know \\?',
  'do you have a (?:minute|moment|second)', 'be that (?:ok|okay|alright|fine|right) \\?', 'do that make sense \\?', 'can i (?:call|reach) you', 'should i hold', 'be you busy', 'make sense \\?',
  'what time (?:be it|work)', 'can you see my screen', 'can you see it now', 'sound good \\?', 'shall we (?:start|begin|get start)', 'be we (?:good|done|all set)', 'what do you mean \\?',
];
