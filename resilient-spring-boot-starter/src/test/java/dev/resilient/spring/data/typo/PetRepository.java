package dev.resilient.spring.data.typo;

import dev.resilient.spring.Resilient;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** A misspelt profile on a repository method. */
public interface PetRepository extends JpaRepository<Pet, Long> {

    @Override
    @Resilient("databse")
    List<Pet> findAll();
}
