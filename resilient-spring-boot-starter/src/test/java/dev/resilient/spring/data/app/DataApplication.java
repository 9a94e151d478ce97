package dev.resilient.spring.data.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application with two Spring Data JPA repositories on embedded H2 and the starter. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DataApplication {}
