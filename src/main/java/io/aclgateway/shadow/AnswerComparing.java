package io.aclgateway.shadow;

import io.aclgateway.routing.rules.ShadowComparison;
import io.aclgateway.shadow.compare.Answer;
import io.aclgateway.shadow.compare.Comparison;

/** How two answers are compared (shadow.compare.AnswerComparator in the application). */
@FunctionalInterface
interface AnswerComparing {

	Comparison compare(ShadowComparison spec, Answer legacy, Answer falcon);

}
