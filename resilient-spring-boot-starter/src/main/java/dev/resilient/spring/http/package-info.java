/**
 * HTTP client integration: a {@code ClientHttpRequestInterceptor} for RestClient / RestTemplate
 * and an {@code ExchangeFilterFunction} for WebClient that apply a profile per client or host.
 */
@NullMarked
package dev.resilient.spring.http;

import org.jspecify.annotations.NullMarked;
