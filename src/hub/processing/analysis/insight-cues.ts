/**
 * The cues of each insight type (docs/processing.md, "Insights"): regular
 * expressions over a sentence's lemmas (`read-text.ts`: lower case,
 * space-separated, nouns singular, verbs in their base form, "doesn't" read
 * "do not", "app" read "application"; a word the lemmatiser does not know
 * stays as written, so some cues list both forms). Which of them match is
 * evidence for the insight model (`cue-hits.ts`), not a verdict.
 */
import type { InsightType } from '../analyzer.ts';

export interface TypeCues {
  /** Cues cancelled by a negator just before them ("it's not broken"). */
  readonly cues?: readonly string[];
  /** Cues that carry their own negation, or mean the same under one ("it doesn't load", "no budget"). */
  readonly fixed?: readonly string[];
  /**
   * Cues that name a capability: a request cue when stated ("we need an
   * option to export"), an asked capability when asked ("is there an option
   * to export?"), which the model learned to read as a `question`.
   */
  readonly stated?: readonly string[];
  /**
   * Topic words, a weaker feature than the cues, reported only when the
   * type's cues do not match: "billing" in "the billing page is confusing"
   * should not weigh like "we were billed twice".
   */
  readonly weak?: readonly string[];
  /** Cues that cancel the type for the whole sentence ("the error went away"). */
  readonly unless?: readonly string[];
}

/** What "cancel" or "terminate" ends when it means leaving, not calling off one order or meeting. */
const SERVICE = '(?:\\w+ )?(?:account|subscription|plan|contract|service|membership|policy|license|licence|seat|line|renewal|agreement|deal|everything|it all)';
const NOT = '(?:not|never)';
/** What a product does when it works; "does not <verb>" is a bug. */
const WORKS = '(?:work|load|open|sync|save|send|connect|display|show|update|upload|download|respond|start|launch|run|print|refresh|appear|export|import|submit|go through|process|install|register|pair|finish|complete)';
/** Who can want a capability. */
const WHO = '(?:we|i|they|team|user|customer|you guy|our \\w+)';
/** Nouns that make a sentence about a thing the customer could be sent or shown. */
const MESSAGE = '(?:email|code|text|sms|notification|message|link|otp|confirmation|alert|reset email|verification)';

export const INSIGHT_CUES: Readonly<Record<Exclude<InsightType, 'competitor' | 'question'>, TypeCues>> = {
  churn_risk: {
    cues: [
      `cancel (?:my|our|the|this|your|all)? ?${SERVICE}`, `(?:terminate|end|close) (?:my|our|the|this|all)? ?${SERVICE}`,
      '(?:go|want|need|plan|have|decide|try|ready|about|like|wish|prefer) to (?:cancel|leave|close|terminate|end|switch|unsubscribe|downgrade|churn|quit)',
      '(?:we|i) (?:will|would|be go to|might|may|could|shall) (?:have to |need to |probably |just |definitely )?(?:cancel|leave|switch|churn|move on)',
      '(?:think|thinking|consider|considering|plan|planning) (?:about |of |on )?(?:cancel|cancelling|canceling|leave|leaving|switch|switching|close|closing|move|moving|terminate|end|ending|drop|dropping|downgrade|churn)',
      'close (?:my|our|the) (?:\\w+ )?account', 'switch (?:provider|bank|carrier|vendor|supplier|tool|platform|company|to (?:another|a different|someone else|a competitor|a cheaper))',
      '(?:look|looking|shop|shopping) (?:for|at|into|around for) (?:another|other|a new|a different|an alternative|alternative|competitor)', 'shop around',
      '(?:take|move) (?:our|my) (?:business|money|account|custom) (?:elsewhere|somewhere else|to another|away)',
      'last straw', 'pull the plug', '(?:be|be do|be done|be fed up) with (?:you|this|your|the)', 'fed up', 'churn', 'unsubscribe', 'unsubscribing', 'downgrade', 'downgrading',
      '(?:find|need|want|look for) (?:a|an|another) (?:\\w+ )?(?:replacement|alternative|provider|bank|carrier|vendor|tool|supplier)',
      'port (?:my|our) (?:\\w+ )?(?:number|line)', 'port out', '(?:stop|quit) (?:use|using) (?:you|your|the|this|it)', 'get rid of (?:this|your|the)',
      'reconsider (?:our|the|my) (?:contract|subscription|relationship|partnership|renewal|account)', 'reconsidering (?:our|the|my)',
      'evaluate (?:other|alternative|different) (?:option|vendor|tool|provider|solution)', 'evaluating (?:other|alternative)',
      'leave (?:you|your|the bank|this bank|this company)', 'be leave',
      'go with (?:a|another|someone) (?:different|new|other|else)', 'move (?:\\w+ )?(?:over )?to (?:a|another) (?:different|new|other)', 'migrat\\w* away', 'away from (?:you|your)', 'wind down', 'move (?:away|elsewhere|on from)', '(?:we|i) be (?:out|gone|do|done) [.!]',
    ],
    fixed: [
      `${NOT} (?:be )?(?:go to )?renew`, 'will not be renew', '(?:will|would) not renew', 'no longer (?:need|use|want|renew|require)',
      '(?:not|never) (?:go to )?stay', 'can not justify (?:the|this|keep|renew|pay|stay)', 'not worth (?:keep|stay|renew)', 'might not stay', 'may not stay',
      'stop (?:bill|charge) (?:me|us)', 'would not sign',
    ],
  },
  bug: {
    cues: [
      'crash', 'crashing', 'bug', 'buggy', 'broken', 'break', 'broke', 'glitch', 'glitchy', 'freeze', 'freezing', 'frozen', 'hang', 'error', 'exception',
      'fail', 'failing', 'failure', 'outage', 'go down', 'be down', 'down again', 'timeout', 'time out', 'blank', 'white screen',
      'spin(?:ning)? (?:wheel|forever)', 'keep (?:crash|crashing|fail|failing|freeze|freezing|log|logging|drop|dropping|reset|disconnect|spin|reload|restart|hang|show|say)',
      'log (?:me|us|i|we) out', 'logging (?:me|us) out', 'disconnect', 'drop (?:call|the call)', 'call (?:keep )?drop', 'duplicate', 'duplicated', 'corrupt', 'corrupted',
      'disappear', 'wrong (?:balance|number|date|time|data|address|figure|value|status|name|currency|report)',
      'show (?:the )?(?:wrong|incorrect|old|zero|another|someone else|somebody else|other)', 'incorrect', 'inaccurate', 'mismatch', 'out of sync', '404', '500', '502', '503',
      'reset (?:itself|by itself|on its own)', '(?:stick|stuck) (?:on|at|in) (?:load|loading|the|pending|process)', 'greyed out', 'gray out', 'grey out',
      'unresponsive', 'unusable', 'flaky', 'something (?:be|go) wrong', 'malfunction', 'defect', 'no (?:signal|service|dial tone|internet)',
      'lose (?:connection|signal|datum|data|my data|all|everything|our data)', 'data (?:be )?(?:go|lose|miss|wipe)', 'miss from', 'cut off', 'be decline', 'get decline',
      '(?:send|show|appear|print|post|create|import|sync|deliver) twice', '(?:link|code|token|password) (?:be |have )?(?:expire|invalid)',
      'invalid password', 'be not (?:load|sync|show|update|go through|save|work)',
    ],
    fixed: [
      `(?:do|will|would|can|could|be|have) ${NOT} (?:\\w+ )?${WORKS}(?! (?:for|with) (?:us|me|our|my|we|what))`, `${NOT} ${WORKS}(?:ing)?(?! out| (?:for|with) (?:us|me|our|my|we|what))`,
      `stop (?:${WORKS}|come|coming|fire|firing|reading|working|loading|syncing|counting|tracking|charging)`,
      'can not (?:log|sign) (?:in|into|on)', 'unable to (?:log|sign|access|load|open|save|connect|send|upload|download|complete|make|process|export|login|print)',
      'can not (?:access|open|load|connect|upload|download|save|export|complete|make|submit|print)', `(?:never|not|do not) (?:get|receive) (?:the|my|a|any|an|our) (?:\\w+ )?${MESSAGE}`,
      '(?:do|does) not (?:match|add up|line up|agree with)',
    ],
    unless: ['go away'],
  },
  pricing: {
    fixed: [
      'cost', 'expensive', 'cheap', 'cheaper', 'pricey', 'overpriced', 'afford', 'affordable', 'unaffordable',
      'fee', 'surcharge', 'overcharge', 'overcharged', 'charge (?:me|us|twice|double|for|extra|a|the)', 'be charge', 'get charge', 'double charge', 'double - charge',
      'bill (?:me|us|twice|for)', 'be bill', 'refund', 'quote', 'per (?:seat|user|month|year|license|agent|minute|gb)', '(?:a|per) (?:month|year) (?:for|per|each)',
      'monthly (?:fee|payment|rate|charge|cost|bill)', 'annual (?:fee|plan|contract|price|billing)', '(?:pricing|paid|premium|price) (?:plan|tier)', 'plan cost', 'overage',
      'interest rate', 'apr', 'rate increase', 'budget', 'pay (?:for|more|less|extra|that much|twice|quarterly|monthly|annually|yearly)',
      'value for money', 'worth the (?:money|price|cost)', 'subscription fee', '\\$ ?\\d+', '€ ?\\d+', '£ ?\\d+', '\\d+ (?:dollar|euro|pound|buck)', 'how much (?:do|would|will|be|is|for|to|extra|more|does)',
      'promo', 'coupon', 'free trial', 'trial', 'license cost', 'licensing', 'markup', 'copay', 'co - pay',
      'my (?:bill|invoice|statement) (?:be|go|show|say)', 'bill (?:go|be|went) (?:up|so high|higher|wrong)', 'price increase', 'raise (?:the )?price', 'owe',
    ],
    weak: ['billing', 'bill', 'money', 'plan', 'tier', 'rate', 'payment', 'pay', 'charge', 'price', 'pricing', 'priced', 'discount'],
  },
  objection: {
    cues: [
      'concern(?:ed)? (?:about|that|with|regard)', 'worry (?:about|that|our|the|my|we|they|it)', 'worried (?:about|that)', 'be worry', 'hesitant', 'skeptical', 'sceptical',
      'a (?:big |real |major )?concern',
      '(?:need|have) to (?:check|talk|run it|run this|discuss|clear it|consult|get (?:approval|sign|buy|it approve|this approve)) (?:with|by|past|from)?',
      '(?:run|clear) (?:it|this|that) (?:by|past|with)', '(?:sign - off|sign off|signoff|approval|buy - in|buy in|green light) (?:from|of)', 'approve (?:it|this|anything|any)',
      'legal (?:team|review|department)', 'procurement', 'security (?:review|team|questionnaire|concern|requirement)', 'soc 2', 'soc2', 'gdpr', 'hipaa', 'pci', 'iso 27001', 'data residency',
      'already (?:have|use|pay for|invest|got|work with)', 'happy with (?:our|what we|the current|my current|the one)', '(?:current|existing) (?:vendor|provider|tool|solution|system|contract|setup)',
      'lock (?:in|into|us in)', 'long - term (?:contract|commitment)', 'multi - year', 'multi-year', 'commitment', 'not the right time', 'not a priority', 'bad timing', 'revisit (?:this|it|that)',
      'next (?:quarter|year|fiscal)', 'circle back', 'maybe later', 'too (?:complex|complicated|complicate|risky|big a change|much (?:work|effort|change))',
      'implementation (?:time|effort|cost|take)', 'onboarding (?:time|effort)', 'prove (?:it|that)', 'case study', 'reference (?:customer|call)', 'track record', 'what if',
      '(?:my|our) (?:boss|manager|cfo|cto|ceo|cio|board|director|leadership|management|it department|it team|legal) (?:would|will|need|have|be|want|think|say|do not|may)',
      'not sure (?:it|this|that|we|you|about|if|whether|how)', 'doubt', 'overkill', 'more than we need', 'not (?:a )?(?:good )?fit', 'be not ready', 'not ready', 'too small (?:for|to)', 'too early',
      'on - premise', 'on - prem', 'on premise',
    ],
    fixed: [
      '(?:do|does) not (?:meet|fit|match) (?:our|us|my)', 'not (?:convince|convinced)', 'do not see (?:the value|the point|how|why|the benefit|a reason|what)',
      '(?:do|does) not (?:need|think we need) (?:all|another|a new)', 'no (?:need|use) for', '(?:do|does) not work for (?:us|me|our|what)',
      '(?:we|i) (?:do|can) not (?:have|afford) the (?:bandwidth|time|resource|capacity|staff|people)', 'can not commit',
    ],
    weak: ['compliance', 'risk', 'migration', 'migrate', 'security', 'concern', 'approval'],
  },
  feature_request: {
    cues: [
      'what (?:we|i|they|our \\w+) (?:really )?(?:need|want|would like) be',
      'would (?:be )?(?:great|nice|helpful|awesome|amazing|useful|good|ideal|perfect|fantastic|cool|lovely|handy|brilliant|wonderful|better|easier|a lot easier|a big help|huge|a game changer|so much better) (?:if|to|for|feature|addition|option|have)',
      'would love (?:to|a|an|if|the|some|it|for|more|better)', 'wish (?:there|it|you|we|i|the|your)', 'if only',
      '(?:can|could|would|will) you (?:please )?(?:guy )?(?:add|build|include|implement|introduce|support|make it possible|consider add|give us|provide|offer|allow|let|make)',
      'please (?:add|build|include|implement|support|consider|make|allow|let|bring|give)', '(?:add|adding) (?:support|an option|a feature|the ability|a way|a setting|a button|an integration|integration|a toggle|more|bulk)',
      'feature request', 'nice to have', 'any plan (?:to|for|on)', 'plan (?:to|on) (?:add|support|build|offer|release|introduce)', 'on (?:the|your) roadmap', 'roadmap',
      '(?:be )?it possible to (?:add|get|have)', '(?:would|\'d) like (?:to see|an option|a way|the ability|the option|to be able|it to|you to add|more|better|support|a|an)',
      'should (?:be able to|have|allow|let|support|offer|include|integrate|be possible|show|provide)', 'allow (?:us|me|user|admin|customer|people) to', 'let (?:us|me|user|admin|people) (?:\\w+ )',
      '(?:want|request|suggest|suggestion|propose|recommend) (?:a|an|that you|adding|the option|the ability|some kind of|more)', 'suggestion', 'it would help (?:if|to|a lot)',
      'would make (?:it|our|my|life|thing|the \\w+) (?:a lot |so much |much )?(?:easier|better|simpler|more useful)', 'would make (?:my|our) (?:day|life|job|week)', 'would save (?:us|me|a lot|time|hour)',
      'hope(?:fully)? you (?:add|will add|can add|guy add|\'ll add)', 'hopefully you', 'when will you (?:add|support|release|offer)', 'any chance (?:you|we|of)',
      'need (?:a|an|the) (?:way|option|ability|feature|setting|integration)',
    ],
    stated: [
      `${WHO} (?:really |would |also |just |still |definitely |desperately |badly |urgently |absolutely )*(?:need|want)(?! to (?:check|talk|run|discuss|see it|get approval|think|know|cancel|speak|update|change|confirm)| help| you| \\.)`,
      'ability to', 'option to', 'way to (?:bulk|automatically|schedule|customize|customise|filter|export|set|integrate|sync|share|tag|merge|undo|search|sort|group|assign|track|add|turn|change|see|get)',
      'support for', 'integrate with', 'integration with', 'integration for',
    ],
    fixed: [
      '(?:it|this|the \\w+|you|your \\w+|they|the system|the application|the platform|the portal|the tool) (?:do|does) not (?:yet )?(?:support|have|offer|integrate|allow|let)',
      '(?:there be|there\'s|there is) no (?:way|option|setting|button|ability|feature|integration|support)', 'no way to', 'no option to', 'no ability to',
      'not (?:yet )?(?:support|available|possible)', 'lack (?:a|an|the|of|support)', 'miss (?:a|an|the) (?:feature|option|ability|integration|way|setting)', 'be miss (?:a|an) ',
      'can not (?:\\w+ )?(?:bulk|schedule|customize|customise|filter|integrate|tag|merge|undo|sort|group|assign|automate)', 'without (?:a|an|the) (?:\\w+ )?(?:application|app|api|integration|option|feature|mode)',
    ],
  },
  pain_point: {
    cues: [
      'slow', 'sluggish', 'take (?:too long|forever|age|ages|so long|hour|day|week|a long time|way too long)', 'too long', 'too many (?:step|click|screen|email|notification|tab|call|form|page)',
      'confusing', 'confuse', 'confused', 'hard to', 'difficult to', 'difficult', 'complicated', 'complicate', 'frustrating', 'frustrate', 'frustrated', 'annoying', 'annoy', 'annoyed',
      'tedious', 'time - consuming', 'time consuming', 'manual', 'manually', 'by hand', 'clunky', 'cumbersome', 'painful', 'painfully', 'pain', 'hassle', 'headache', 'nightmare',
      'struggle', 'struggling', 'waste (?:of )?(?:time|hour|money|day)', 'waste a lot of', 'have to (?:re|keep|go|call|wait|manually|copy|type|enter|log|click|do|repeat|chase|explain|start|switch|remember|check|download|open|fill|contact|email|print)',
      'keep have to', 'every (?:single )?time (?:i|we)', 'on hold', 'wait(?:ing)? (?:for|on|since|over|more than|almost) (?:\\w+ )?(?:hour|minute|day|week|month|ever|a response|an answer|a reply)',
      'still (?:wait|waiting|have not|have no|no|nothing|not hear)', 'no one (?:get|have|call|answer|respond|reply|help|can|seem|ever|be)', 'nobody (?:get|have|call|answer|respond|reply|help|can|seem|ever)',
      'never (?:hear|get) back', 'no (?:response|reply|answer|update|follow - up|communication)', 'lose track', 'overwhelm', 'overwhelming', 'clutter', 'cluttered', 'messy',
      'late', 'delay', 'delayed', 'never arrive', 'not arrive', 'have not arrive', 'not (?:receive|get) (?:my|the|our|a|any) (?:parcel|package|order|delivery|item|refund|card|callback|call)',
      'miss (?:delivery|package|parcel|shipment|order|item)', 'damage', 'damaged', 'lost (?:package|parcel|shipment|order)', 'inconvenient', 'inconvenience', 'unclear', 'hidden',
      'hard to find', 'can not find', 'could not find', 'can not figure', 'could not figure', 'not intuitive', 'unintuitive', 'poor (?:support|service|communication|experience|documentation|doc|ux|design)',
      'bounce (?:around|between|from)', 'transfer (?:me )?(?:\\w+ )?(?:time|around)', 'transferred around', 'repeat (?:myself|my)', 'explain (?:my|the|this) (?:issue|problem|situation)? ?(?:again|to)',
      'lag', 'laggy', 'inconsistent', 'unreliable', 'workaround', 'spreadsheet', 'copy and paste', 'copy - paste', 'double entry', 'steep learning curve', 'learning curve',
      'drive (?:me|us|everyone) (?:crazy|nuts|mad)', 'it be a pain', 'ridiculous', 'unacceptable', 'disappointed', 'disappointing', 'upset', 'angry', 'terrible', 'awful', 'horrible', 'worst', 'useless',
      'not (?:a )?(?:huge |big )?fan of', 'hate',
    ],
    fixed: [
      'not (?:very |really |so |that |particularly |at all )?(?:easy|clear|obvious|intuitive|user - friendly|user friendly|straightforward|helpful|simple)', 'can not (?:seem to|ever|never)',
      'never (?:know|remember|get)', 'not (?:a )?(?:huge |big )?fan', '(?:no one|nobody) (?:ever )?(?:get|call)',
    ],
  },
  praise: {
    cues: [
      'love', 'loved', 'great', 'excellent', 'amazing', 'awesome', 'fantastic', 'wonderful', 'brilliant', 'superb', 'outstanding', 'impressive', 'impressed', 'perfect', 'perfectly',
      'helpful', 'super helpful', 'easy to use', 'easy to set up', 'intuitive', 'seamless', 'seamlessly', 'smooth', 'smoothly', 'flawless', 'flawlessly', 'reliable', 'rock solid', 'solid',
      'save (?:us|me|my team|our team|the team|a lot of|so much|hour|time|ton)', 'game changer', 'game - changer', 'lifesaver', 'life saver', 'kudos', 'shout - out', 'shout out', 'well done',
      '(?:good|great|nice|excellent) (?:job|work)', 'big fan', 'huge fan', 'best (?:\\w+ )?(?:tool|product|application|service|support|experience|decision|thing|bank|carrier|part|feature|investment|customer service)',
      'recommend', 'happy with', 'pleased with', 'satisfied with', 'delighted', 'very happy', 'so happy', 'really happy', 'thank you so much', 'really appreciate', 'appreciate (?:it|that|the|your|how|you)',
      'much appreciated', 'work (?:great|well|perfectly|like a charm|beautifully|flawlessly|nicely)', '(?:quick|fast|speedy) (?:response|reply|turnaround|fix|delivery|shipping)',
      'so easy', 'really easy', 'super easy', 'nice', 'beautiful', 'beautifully', 'love how', 'love that', 'exceed (?:my|our) expectation', 'above and beyond', 'make my day', 'made my day',
      'solve (?:my|our|the) (?:problem|issue)', 'that fix (?:it|the)', 'that do it', 'that work', 'much (?:better|fast|faster|easy|easier|quick|quicker|clear|clearer|simple|simpler|improved)',
      'be (?:\\w+ )?(?:kind|patient|friendly|polite|knowledgeable|professional|courteous|fast|quick|responsive)', 'on time',
      'good experience', 'look (?:really |so |very )?good', 'work (?:really |so )?well',
    ],
    fixed: ['no (?:complaint|issue|problem) (?:so far|at all|since|with)', 'never (?:have|had) (?:a|any) (?:problem|issue)', 'could not be happier', 'can not complain', 'could not ask for', 'not (?:have|had) a single (?:problem|issue)', 'not bad'],
  },
};

/**
 * Sentences that are how an agent speaks, not what a customer says; in an
 * unlabelled transcript they must not become customer insights.
 */
export const AGENT_PHRASES = [
  'let me (?:check|look|see|pull|find|transfer|escalate|get|confirm|walk|verify|take a look|just|quickly|go ahead|put you)', 'i will (?:escalate|transfer|check|look into|raise|log|create|open|send you|follow up|get back to you|pass|forward|make sure|note|put you)',
  'i (?:have|\'ve) (?:escalate|raise|log|create|open|forward|pass|note|submit|file|flag)', 'i (?:can|could) (?:offer|help you|check|see that|confirm|transfer|escalate|walk you|set that up|arrange|issue|see the)',
  'be there anything else (?:i|we) can', 'anything else i can help', 'thank you for (?:call|calling|contact|contacting|reach|reaching|choose|choosing|your patience|hold|holding|wait|waiting|be a)', 'thanks for (?:call|calling|contact|contacting|reach|reaching|hold|holding|your patience|wait|waiting)',
  'i (?:understand|totally understand|completely understand|can understand) (?:your|how|that|the|why)', 'i (?:apologize|apologise|be sorry) for (?:the|any|this|that)', 'sorry (?:for|about) the (?:inconvenience|wait|trouble|delay)',
  'one moment while', 'bear with me', 'my name be \\w+ (?:and|from)', 'how (?:can|may) i (?:help|assist)', 'what can i do for you', 'i be happy to (?:help|assist|look|check|walk)',
  'our (?:engineering|product|technical|billing|support) team (?:be|will|have|is)', 'i (?:have|\'ve) (?:apply|issue|add|process|credit|refund|reset|update)', 'you should (?:receive|see|get) (?:a|an|the|it)',
  'we (?:will|\'ll) (?:credit|refund|send|email|reach|notify|look into|get back)', 'can i (?:put you on hold|place you on hold|get your|have your|ask you|confirm|take)', 'could you (?:confirm|verify|provide|give me|tell me) your',
  'for (?:security|verification) purpose', 'this call (?:may|be|will) be record', 'have a (?:great|good|nice|lovely|wonderful) (?:day|weekend|evening)',
  'i (?:have|\'ve) create a ticket',
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
  'can i call you back', 'what be your name again',
];
