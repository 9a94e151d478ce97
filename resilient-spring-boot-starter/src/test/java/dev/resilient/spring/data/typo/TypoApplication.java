package dev.resilient.spring.data.typo;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application whose repository names a profile that does not exist. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TypoApplication {}
