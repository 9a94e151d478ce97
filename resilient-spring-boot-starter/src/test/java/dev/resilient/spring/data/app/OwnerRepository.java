package dev.resilient.spring.data.app;

import dev.resilient.spring.Resilient;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** A second repository with a same-named @Resilient method: its own circuit. */
public interface OwnerRepository extends JpaRepository<Owner, Long> {

    @Override
    @Resilient("repository")
    List<Owner> findAll();

    /** A derived query, annotated like any other method. */
    @Resilient("repository")
    List<Owner> findByName(String name);
}
