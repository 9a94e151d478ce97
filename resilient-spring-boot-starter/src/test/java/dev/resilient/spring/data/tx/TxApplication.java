package dev.resilient.spring.data.tx;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A Spring Data JPA repository with a timed {@code @Resilient} method, and a transactional caller. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ItemService.class)
public class TxApplication {}
