package dev.resilient.retry;

/**
 * A retry budget as in gRPC retry throttling: a bucket of {@link #maxTokens()} tokens, full at
 * start; each failed attempt takes one token, each successful call gives back {@link #tokenRatio()};
 * retries are allowed only while more than half of the tokens are left. With the defaults (10 tokens,
 * ratio 0.1) a dependency that keeps failing gets at most about one retry per ten successful calls
 * once the burst allowance is spent. Immutable.
 */
public final class RetryBudgetConfig {

    /** The precision of {@link #tokenRatio()}: thousandths of a token, as in gRPC. */
    public static final double MIN_TOKEN_RATIO = 0.001;

    private final int maxTokens;
    private final double tokenRatio;

    private RetryBudgetConfig(Builder builder) {
        this.maxTokens = builder.maxTokens;
        this.tokenRatio = builder.tokenRatio;
    }

    /** 10 tokens, ratio 0.1. */
    public static RetryBudgetConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The size of the bucket; retries stop while at most half of it is left. Default 10. */
    public int maxTokens() {
        return maxTokens;
    }

    /** The tokens a successful call gives back, in thousandths. Default 0.1. */
    public double tokenRatio() {
        return tokenRatio;
    }

    @Override
    public String toString() {
        return "RetryBudgetConfig{maxTokens=" + maxTokens + ", tokenRatio=" + tokenRatio + "}";
    }

    /** Builds a {@link RetryBudgetConfig}; validated on {@link #build()}. */
    public static final class Builder {
        private int maxTokens = 10;
        private double tokenRatio = 0.1;

        private Builder() {}

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder tokenRatio(double tokenRatio) {
            this.tokenRatio = tokenRatio;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value when one is out of range */
        public RetryBudgetConfig build() {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be >= 1 but was " + maxTokens);
            }
            if (!(tokenRatio >= MIN_TOKEN_RATIO) || Double.isInfinite(tokenRatio)) {
                throw new IllegalArgumentException(
                        "tokenRatio must be >= " + MIN_TOKEN_RATIO + " and finite but was " + tokenRatio);
            }
            if (tokenRatio > maxTokens) {
                throw new IllegalArgumentException(
                        "tokenRatio must be <= maxTokens (" + maxTokens + ") but was " + tokenRatio);
            }
            return new RetryBudgetConfig(this);
        }
    }
}
