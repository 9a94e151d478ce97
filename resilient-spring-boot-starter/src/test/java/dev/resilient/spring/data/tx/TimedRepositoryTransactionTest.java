package dev.resilient.spring.data.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.IllegalTransactionStateException;

/**
 * A timed {@code @Resilient} method of a real Spring Data JPA repository (embedded H2), called inside
 * the caller's transaction: Spring Data makes repository methods transactional (joining the caller's
 * transaction), which an attempt on another thread cannot do, so the call fails rather than saving
 * in a transaction of its own that survives the caller's rollback.
 */
class TimedRepositoryTransactionTest {

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TxApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.jpa.hibernate.ddl-auto=create-drop",
                        "spring.jpa.open-in-view=false")
                .run();
    }

    @Test
    void aTimedSaveInsideTheCallersTransactionFailsAndNothingSurvivesTheRollback() {
        try (ConfigurableApplicationContext context = start()) {
            ItemService service = context.getBean(ItemService.class);
            ItemRepository items = context.getBean(ItemRepository.class);

            assertThatThrownBy(() -> service.saveThenFail("lost"))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("ItemRepository.save")
                    .hasMessageContaining("cannot join the caller's active transaction");
            assertThat(items.count()).isZero();
        }
    }

    @Test
    void aTimedDerivedQueryInsideTheCallersTransactionFails() {
        try (ConfigurableApplicationContext context = start()) {
            ItemService service = context.getBean(ItemService.class);
            assertThatThrownBy(() -> service.findInsideTransaction("x"))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("ItemRepository.findByName");
        }
    }

    @Test
    void outsideATransactionTheTimedRepositoryMethodsWork() {
        try (ConfigurableApplicationContext context = start()) {
            ItemRepository items = context.getBean(ItemRepository.class);
            items.save(new Item("kept"));
            assertThat(items.findByName("kept")).hasSize(1);
            assertThat(items.count()).isEqualTo(1);
        }
    }

    @Test
    void aRepositoryMethodRedeclaredWithItsOwnTransactionMayBeCalledInsideOne() {
        try (ConfigurableApplicationContext context = start()) {
            ItemRepository items = context.getBean(ItemRepository.class);
            items.save(new Item("one"));
            assertThat(context.getBean(ItemService.class).ownTransactionInsideTransaction())
                    .isEqualTo(1);
        }
    }
}
