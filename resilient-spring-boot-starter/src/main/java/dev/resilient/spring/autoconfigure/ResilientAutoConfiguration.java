package dev.resilient.spring.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.resilient.spring.internal.ProfileMerger;
import dev.resilient.spring.internal.ResilientMethodRegistry;
import dev.resilient.spring.internal.ResilientMethodValidator;
import dev.resilient.spring.properties.ResilientProperties;

/**
 * Auto-configuration of {@code @Resilient}: binds {@code resilient.*}, merges profiles and
 * resolves and validates every annotated method at start-up. Switched off with
 * {@code resilient.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "resilient", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilientProperties.class)
public class ResilientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ProfileMerger resilientProfileMerger(ResilientProperties properties, Environment environment,
            ApplicationContext context) {
        return new ProfileMerger(properties, environment, context.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public ResilientMethodRegistry resilientMethodRegistry(ProfileMerger merger) {
        return new ResilientMethodRegistry(merger);
    }

    @Bean
    @ConditionalOnMissingBean
    public ResilientMethodValidator resilientMethodValidator(ConfigurableListableBeanFactory beanFactory,
            ProfileMerger merger, ResilientMethodRegistry registry) {
        return new ResilientMethodValidator(beanFactory, merger, registry);
    }
}
