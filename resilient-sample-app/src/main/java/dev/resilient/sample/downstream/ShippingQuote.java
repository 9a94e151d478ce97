package dev.resilient.sample.downstream;

/**
 * The price of shipping to a postcode.
 *
 * @param postcode the destination
 * @param priceCents the price
 * @param days expected delivery time
 * @param source {@code downstream}, or {@code fallback} for the flat rate
 * @param reason why the fallback answered, or null
 */
public record ShippingQuote(String postcode, long priceCents, int days, String source, String reason) {}
