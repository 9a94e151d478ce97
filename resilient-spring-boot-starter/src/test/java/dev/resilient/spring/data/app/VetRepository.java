package dev.resilient.spring.data.app;

import dev.resilient.spring.Resilient;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Redeclares two overloads of findAll with @Resilient: each gets an instance of its own. */
public interface VetRepository extends JpaRepository<Vet, Long> {

    @Override
    @Resilient("repository")
    List<Vet> findAll();

    @Override
    @Resilient("repository")
    Page<Vet> findAll(Pageable pageable);
}
