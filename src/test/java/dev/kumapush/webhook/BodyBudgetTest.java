package dev.kumapush.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void bodiesAreAdmittedUntilTheirDeclaredLengthsFillTheBudget() {
        BodyBudget budget = new BodyBudget(4 * MIB, 2 * MIB);
        int first = budget.reserve(ContentLength.parse(String.valueOf(2 * MIB)));
        int second = budget.reserve(ContentLength.parse(String.valueOf(MIB + MIB / 2)));
        assertThat(first).isEqualTo(2048);
        assertThat(second).isEqualTo(1536);
        assertThat(budget.reserve(ContentLength.parse(String.valueOf(MIB))))
                .as("1 MiB more does not fit in the 512 KiB left").isZero();
        assertThat(budget.reserve(ContentLength.parse("500000"))).as("489 KiB fits").isEqualTo(489);

        budget.release(first);
        assertThat(budget.reserve(ContentLength.parse(String.valueOf(MIB)))).isEqualTo(1024);
    }

    @Test
    void aBodyWithoutAReadableLengthCostsTheLargestAllowedBody() {
        BodyBudget budget = new BodyBudget(4 * MIB, MIB);
        assertThat(budget.reserve(ContentLength.parse(null))).isEqualTo(1024);
        assertThat(budget.reserve(ContentLength.parse("not a number"))).isEqualTo(1024);
        assertThat(budget.reserve(ContentLength.parse("-5"))).isEqualTo(1024);
        assertThat(budget.reserve(ContentLength.parse(null))).isEqualTo(1024);
        assertThat(budget.reserve(ContentLength.parse("1"))).as("the budget is spent").isZero();
    }

    @Test
    void aDeclaredLengthAboveTheLargestBodyCostsOnlyTheLargestBody() {
        BodyBudget budget = new BodyBudget(2 * MIB, MIB);
        assertThat(budget.reserve(ContentLength.parse(String.valueOf(50 * MIB)))).isEqualTo(1024);
    }

    @Test
    void evenAnEmptyBodyCostsSomething() {
        BodyBudget budget = new BodyBudget(2048, 1024);
        assertThat(budget.reserve(ContentLength.parse("0"))).isEqualTo(1);
        assertThat(budget.reserve(ContentLength.parse("0"))).isEqualTo(1);
        assertThat(budget.reserve(ContentLength.parse("0"))).isZero();
    }

    @Test
    void aLoneLargestBodyAlwaysFitsEvenWhenTheHeapShareIsSmaller() {
        BodyBudget budget = BodyBudget.forHeap(16 * MIB, 10 * MIB);
        assertThat(budget.totalKib()).isEqualTo(10 * 1024);
        assertThat(budget.reserve(ContentLength.parse(String.valueOf(10 * MIB)))).isEqualTo(10 * 1024);
    }

    @Test
    void theBudgetIsAnEighthOfTheHeap() {
        assertThat(BodyBudget.forHeap(48 * MIB, MIB).totalKib()).isEqualTo(6 * 1024);
    }
}
