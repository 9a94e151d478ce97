package dev.resilient.spring.data.tx;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saves through the repository inside its own transaction, then fails: the transaction rolls back. */
@Service
public class ItemService {

    private final ItemRepository items;

    public ItemService(ItemRepository items) {
        this.items = items;
    }

    @Transactional
    public void saveThenFail(String name) {
        items.save(new Item(name));
        throw new IllegalStateException("the caller's work failed after the save");
    }

    @Transactional
    public int findInsideTransaction(String name) {
        return items.findByName(name).size();
    }

    @Transactional
    public int ownTransactionInsideTransaction() {
        return items.findAllByOrderByIdAsc().size();
    }
}
