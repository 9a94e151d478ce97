package dev.resilient.spring.data.app;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
public class Vet {

    @Id
    @GeneratedValue
    private Long id;

    private String name;

    protected Vet() {}

    public Vet(String name) {
        this.name = name;
    }

    public Long getId() {
        return this.id;
    }

    public String getName() {
        return this.name;
    }
}
