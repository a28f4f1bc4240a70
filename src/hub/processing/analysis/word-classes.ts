/**
 * Business word classes (docs/processing.md, "Insights"): lemmas grouped by
 * what they say in a customer conversation. The insight model reads a
 * class as one feature, so what it learned from "fee" carries over to
 * "surcharge", and from "crash" to "glitch", with no example of either.
 */
export const WORD_CLASSES: Readonly<Record<string, readonly string[]>> = {
  money: [
    'price', 'pricing', 'cost', 'fee', 'charge', 'bill', 'billing', 'invoice', 'pay', 'payment', 'refund', 'discount', 'expensive', 'cheap', 'cheaper', 'pricey', 'afford',
    'affordable', 'dollar', 'euro', 'pound', 'buck', 'quote', 'budget', 'rate', 'tier', 'plan', 'subscription', 'money', 'overcharge', 'surcharge', 'premium', 'copay', 'deductible',
    'interest', 'apr', 'vat', 'tax', 'credit', 'coupon', 'promo', 'markup', 'penalty', 'spend', 'paid', 'seat', 'license', 'licence', 'overage', 'value', 'worth', '$', '€', '£',
  ],
  failure: [
    'crash', 'bug', 'error', 'fail', 'failure', 'broken', 'break', 'broke', 'glitch', 'freeze', 'frozen', 'hang', 'down', 'outage', 'dead', 'wrong', 'incorrect', 'disappear',
    'vanish', 'missing', 'stuck', 'loop', 'reboot', 'restart', 'scramble', 'corrupt', 'duplicate', 'timeout', 'blank', 'drop', 'disconnect', 'reset', 'lose', 'delete', 'mismatch',
    'garble', 'flicker', 'lag', 'unresponsive', 'exception', 'defect', 'issue', 'problem', 'randomly', 'suddenly', 'anymore', 'since', 'update', 'after', 'whenever', 'again',
  ],
  leaving: [
    'cancel', 'cancellation', 'leave', 'switch', 'terminate', 'renew', 'renewal', 'close', 'quit', 'end', 'lapse', 'churn', 'unsubscribe', 'downgrade', 'elsewhere', 'another',
    'different', 'alternative', 'replacement', 'replace', 'competitor', 'move', 'moving', 'port', 'exit', 'continue', 'stay', 'last', 'done', 'enough', 'goodbye', 'anymore',
    'phase', 'wind', 'pull', 'off', 'drop', 'stop', 'contract', 'provider', 'vendor', 'supplier', 'carrier',
  ],
  wanting: [
    'need', 'want', 'wish', 'would', 'could', 'should', 'add', 'adding', 'option', 'ability', 'able', 'allow', 'let', 'support', 'feature', 'request', 'suggest', 'suggestion',
    'integrate', 'integration', 'improvement', 'improve', 'love', 'like', 'possible', 'possibility', 'consider', 'plan', 'roadmap', 'future', 'someday', 'ever', 'build', 'include',
    'offer', 'missing', 'lack', 'gap', 'view', 'mode', 'way', 'automatically', 'custom', 'customize', 'export', 'bulk', 'api', 'version', 'helpful', 'useful', 'benefit', 'ask',
  ],
  effort: [
    'slow', 'hour', 'minute', 'day', 'week', 'month', 'wait', 'waiting', 'hold', 'manual', 'manually', 'time', 'hard', 'difficult', 'confusing', 'confuse', 'complicated',
    'annoying', 'irritating', 'frustrating', 'frustrate', 'tedious', 'tiring', 'exhausting', 'chase', 'repeat', 'repetitive', 'again', 'every', 'always', 'never', 'nobody', 'no one',
    'takes', 'take', 'long', 'forever', 'ages', 'spend', 'waste', 'struggle', 'mess', 'messy', 'clunky', 'cumbersome', 'tiny', 'find', 'search', 'look', 'call', 'email', 'late',
    'delay', 'rain', 'damage', 'outdated', 'unclear', 'spam', 'many', 'much', 'too', 'lot', 'half', 'three', 'four', 'multiple', 'different', 'several',
  ],
  doubt: [
    'worry', 'worried', 'concern', 'concerned', 'risk', 'risky', 'sure', 'unsure', 'doubt', 'skeptical', 'cautious', 'hesitant', 'nervous', 'believe', 'convince', 'security',
    'compliance', 'legal', 'approval', 'approve', 'sign', 'board', 'management', 'leadership', 'ceo', 'cfo', 'cto', 'ciso', 'procurement', 'contract', 'commit', 'commitment',
    'already', 'current', 'existing', 'timing', 'time', 'ready', 'priority', 'later', 'next', 'quarter', 'year', 'reference', 'proof', 'prove', 'roi', 'pilot', 'trial', 'migrate',
    'migration', 'rebuild', 'rollout', 'adopt', 'adoption', 'learn', 'train', 'training', 'team', 'staff', 'policy', 'require', 'requirement', 'audit', 'data', 'breach', 'host',
    'hosted', 'tie', 'lock', 'new', 'company', 'vendor', 'small', 'big', 'fit', 'need', 'disaster', 'fight', 'blocker', 'old', 'older',
  ],
  praise: [
    'love', 'great', 'excellent', 'amazing', 'awesome', 'fantastic', 'wonderful', 'brilliant', 'superb', 'perfect', 'helpful', 'easy', 'intuitive', 'seamless', 'smooth',
    'reliable', 'solid', 'fast', 'quick', 'quickly', 'early', 'thrilled', 'happy', 'pleased', 'delighted', 'impressed', 'impressive', 'professional', 'lovely', 'kind', 'patient',
    'friendly', 'clear', 'clearly', 'painless', 'appreciate', 'appreciated', 'thank', 'thanks', 'recommend', 'best', 'better', 'improvement', 'cut', 'save', 'finally', 'credit',
    'kudos', 'nice', 'beautiful', 'useful', 'simple', 'simpler', 'easier', 'faster', 'rock', 'resolve', 'resolved', 'fix', 'fixed', 'worked', 'well', 'job',
  ],
  asking: [
    'how', 'what', 'when', 'where', 'which', 'who', 'why', 'whether', 'if', 'can', 'could', 'do', 'does', 'is', 'are', 'will', 'am', 'may', 'question', 'know', 'tell', 'explain',
    'wonder', 'curious', 'possible', 'include', 'cover', 'support', 'available', 'limit', 'maximum', 'minimum', 'often', 'long', 'process', 'work',
  ],
  agent: [
    'let', 'check', 'moment', 'hold', 'transfer', 'escalate', 'ticket', 'apologize', 'apologise', 'sorry', 'understand', 'note', 'account', 'record', 'confirm', 'verify',
    'refunded', 'applied', 'credited', 'passed', 'team', 'feedback', 'assist', 'help', 'patience', 'calling', 'contacting', 'i\'ll', 'see', 'what', 'do',
  ],
};
