package dev.resilient.sample.orders;

/**
 * An order as the client sends it.
 *
 * @param sku the article
 * @param quantity how many units
 * @param postcode where to ship
 */
public record OrderRequest(String sku, int quantity, String postcode) {}
