package io.xloud.core.collection;

import io.xloud.core.collection.ListSpec.SortKey;
import io.xloud.core.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.xloud.core.collection.ListQueryTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListRequestTest
{
    private final ListSpec strict = Items.spec(ListDialect.NEUTRON, true);

    private ListRequest parse(String text)
    {
        return ListRequest.parse(strict, query(text));
    }

    private static void assertBadRequest(ListSpec spec, String text)
    {
        assertThatThrownBy(() -> ListRequest.parse(spec, query(text)))
                .as(text.length() > 80 ? text.substring(0, 80) : text)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private void assertBadRequest(String text)
    {
        assertBadRequest(strict, text);
    }

    private static List<String> order(ListRequest request)
    {
        return request.order().stream().map(key -> key.attribute().name() + ":" + key.direction()).toList();
    }

    @Test
    void theOrderAlwaysEndsWithTheId()
    {
        assertThat(order(parse(""))).containsExactly("name:ASC", "id:ASC");
        assertThat(order(parse("sort_key=size&sort_dir=desc"))).containsExactly("size:DESC", "id:DESC");
        assertThat(order(parse("sort=created_at:asc,size:desc"))).containsExactly("created_at:ASC", "size:DESC", "id:DESC");
        assertThat(order(parse("sort_key=id&sort_key=size"))).containsExactly("id:ASC", "size:ASC");
    }

    @Test
    void repeatedSortKeysCountOnce()
    {
        assertThat(order(parse("sort_key=size&sort_key=size&sort_dir=desc&sort_dir=asc"))).containsExactly("size:DESC", "id:DESC");
    }

    @Test
    void oneSortDirectionAppliesToTheDefaultOrder()
    {
        assertThat(order(parse("sort_dir=desc"))).containsExactly("name:DESC", "id:DESC");
    }

    @Test
    void unknownOrUnsortableSortKeysAreBadRequests()
    {
        assertBadRequest("sort_key=colour");
        assertBadRequest("sort_key=description");
        assertBadRequest("sort_key=name;%20DROP%20TABLE%20items");
        assertBadRequest("sort_key=name%20desc,%20(SELECT%201)");
        assertBadRequest("sort=name:sideways");
        assertBadRequest("sort_key=name&sort_dir=sideways");
        assertBadRequest("sort_key=name&sort_dir=asc&sort_dir=desc");
        assertBadRequest("sort_key=" + "x".repeat(10_000));
        assertBadRequest("sort=" + "name,".repeat(20) + "size");
    }

    @Test
    void malformedLimitsAreBadRequests()
    {
        assertBadRequest("limit=-1");
        assertBadRequest("limit=abc");
        assertBadRequest("limit=");
        assertBadRequest("limit=1.5");
        assertBadRequest("limit=%2B5");
        assertBadRequest("limit=0x10");
    }

    @Test
    void limitsAreCutToTheMaximum()
    {
        assertThat(parse("limit=7").limit()).isEqualTo(7);
        assertThat(parse("limit=501").limit()).isEqualTo(500);
        assertThat(parse("limit=" + "9".repeat(10_000)).limit()).isEqualTo(500);
        assertThat(parse("").limit()).isEqualTo(50);
    }

    @Test
    void valuesOfTheWrongTypeAreBadRequests()
    {
        assertBadRequest("size=big");
        assertBadRequest("size=gt:big");
        assertBadRequest("size=in:1,x");
        assertBadRequest("created_at=yesterday");
        assertBadRequest("created_at=gte:" + "9".repeat(10_000));
        assertBadRequest("enabled=maybe");
        assertBadRequest("page_reverse=sideways");
    }

    @Test
    void aStrictSpecRejectsUnknownFiltersAndOperators()
    {
        assertBadRequest("colour=red");
        assertBadRequest("description=x");
        assertBadRequest("project_id__contains=p");
        assertBadRequest("size__contains=1");
        assertBadRequest("name__like=a");
        assertBadRequest("'%20OR%201=1=x");
    }

    @Test
    void aLenientSpecIgnoresThemAndReadsBooleansAsKeystoneDoes()
    {
        ListSpec lenient = Items.spec(ListDialect.NEUTRON, false);
        ListRequest request = ListRequest.parse(lenient, query("colour=red&project_id__contains=p&enabled=maybe"));
        assertThat(request.filters()).singleElement().satisfies(filter -> {
            assertThat(filter.attribute().name()).isEqualTo("enabled");
            assertThat(filter.values()).containsExactly(true);
        });
    }

    @Test
    void prefixOperatorsApplyOnlyWhereDeclared()
    {
        // project_id allows only equality: "gt:x" is the value itself
        assertThat(parse("project_id=gt:x").filters()).singleElement()
                .satisfies(filter -> {
                    assertThat(filter.operator()).isEqualTo(Operator.EQ);
                    assertThat(filter.values()).containsExactly("gt:x");
                });
        assertThat(parse("size=gte:3").filters().getFirst().operator()).isEqualTo(Operator.GTE);
    }

    @Test
    void tooManyValuesAreABadRequest()
    {
        assertBadRequest("size=in:" + "1,".repeat(1500) + "2");
        assertBadRequest("project_id=a" + "&project_id=b".repeat(1500));
    }

    @Test
    void keystoneListsTakeNoClientPagingAndOnlyTheFirstValue()
    {
        ListSpec keystone = Items.spec(ListDialect.KEYSTONE, false).withLimits(ListSpec.UNLIMITED, ListSpec.UNLIMITED);
        ListRequest request = ListRequest.parse(keystone, query("limit=abc&sort_key=colour&marker=x&name=a&name=b"));
        assertThat(request.limit()).isEqualTo(ListSpec.UNLIMITED);
        assertThat(request.marker()).isEmpty();
        assertThat(request.order()).extracting(SortKey::attribute).extracting(Attribute::name).containsExactly("name", "id");
        assertThat(request.filters()).singleElement().satisfies(filter -> assertThat(filter.values()).containsExactly("a"));
    }

    @Test
    void ignoredParametersAreLeftToTheService()
    {
        ListSpec spec = ListSpec.builder(ListDialect.NEUTRON, "items").id(Attribute.uuid("id", "id")).strictFilters(true).ignore("tags").build();
        assertThat(ListRequest.parse(spec, query("tags=a")).filters()).isEmpty();
    }

    @Test
    void specsRefuseColumnsThatAreNotPlainNames()
    {
        assertThatThrownBy(() -> Attribute.string("name", "name; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attribute.bool("enabled", "enabled").filter(Operator.GT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attribute.integer("size", "size").filter(Operator.CONTAINS)).isInstanceOf(IllegalArgumentException.class);
    }
}
