package dev.resilient.spring.data.typo;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
public class Pet {

    @Id
    @GeneratedValue
    private Long id;

    public Long getId() {
        return this.id;
    }
}
