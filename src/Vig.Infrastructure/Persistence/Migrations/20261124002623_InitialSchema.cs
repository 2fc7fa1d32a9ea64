using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Vig.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "concern_categories",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_order = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_concern_categories", x => x.code);
                });

            migrationBuilder.InsertData(
                table: "concern_categories",
                columns: new[] { "code", "description", "display_order", "title" },
                values: new object[,]
                {
                    { "applying-learning", "The parent or carer needs help to put into everyday family life what they learnt from other interventions or professionals, such as a parenting course or an Early Help Plan.", 4, "Applying learning from other support" },
                    { "autism", "The child or young person is autistic; VIG is recommended in NICE guideline CG170, 'Autism spectrum disorder in under 19s: support and management'.", 10, "Autism" },
                    { "bonding-difficulty", "The parent finds it hard to bond with their baby, or did not have the chance to bond with their child when the child was younger.", 3, "Bonding difficulty" },
                    { "child-point-of-view", "The parent or carer needs help to understand the world as the child experiences it.", 8, "Seeing the child's point of view" },
                    { "emotional-expression", "The parent finds it hard to show their feelings towards the child, or needs help to support the child to manage emotions safely and healthily.", 6, "Expressing and managing emotions" },
                    { "perinatal-mental-health", "The parent has mental health difficulties in pregnancy or after the birth, and may find bonding with the baby hard, particularly when they have been apart.", 1, "Perinatal mental health" },
                    { "positive-family-relationships", "Warmer family relationships are needed to help the child's self-esteem and emotional development.", 7, "Positive family relationships" },
                    { "relationship-not-as-expected", "The relationship the parent or carer is forming with the child is different from the one they hoped for.", 2, "Relationship not as expected" },
                    { "send-complex-cues", "The child's special educational needs and disabilities make their cues and communication harder to read, and the parent or carer needs support and confidence with them.", 9, "SEND and complex cues" },
                    { "strengthening-connection", "Extra help is needed to build connection between parent and child and to give hope for their relationship.", 5, "Strengthening connection and hope" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_concern_categories_display_order",
                table: "concern_categories",
                column: "display_order",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "concern_categories");
        }
    }
}
