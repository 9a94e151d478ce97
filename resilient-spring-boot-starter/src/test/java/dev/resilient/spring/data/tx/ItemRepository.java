package dev.resilient.spring.data.tx;

import dev.resilient.spring.Resilient;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Spring Data's repository methods are transactional (SimpleJpaRepository's @Transactional) unless redeclared otherwise. */
public interface ItemRepository extends JpaRepository<Item, Long> {

    @Override
    @Resilient(timeout = "20s", maxAttempts = "1")
    <S extends Item> S save(S entity);

    /** A derived query: read-only transactional through the repository's class-level @Transactional. */
    @Resilient(timeout = "20s", maxAttempts = "1")
    List<Item> findByName(String name);

    /** Redeclared to run in a transaction of its own: allowed inside a caller's transaction. */
    @Resilient(timeout = "20s", maxAttempts = "1")
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    List<Item> findAllByOrderByIdAsc();
}
